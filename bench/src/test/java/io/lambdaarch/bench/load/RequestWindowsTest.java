package io.lambdaarch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestWindowsTest {
    private static final Instant START = Instant.parse("2026-08-28T03:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(3));

    @Test
    void shouldDrawWholeHourWindowsInsideTheHistory() {
        RequestWindows windows = new RequestWindows(START, END, Duration.ofHours(24), 7);
        RequestWindows.Sequence sequence = windows.forClient(0);
        Set<Instant> starts = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            RequestWindows.Window window = sequence.next();
            assertThat(window.from()).isBetween(START, END.minus(Duration.ofHours(24)));
            assertThat(window.from().truncatedTo(ChronoUnit.HOURS)).isEqualTo(window.from());
            assertThat(Duration.between(window.from(), window.to())).isEqualTo(Duration.ofHours(24));
            starts.add(window.from());
        }
        // 3 days of history leave 49 possible starts for a 24 h window; 2,000 draws reach all of them.
        assertThat(starts).hasSize(49);
    }

    @Test
    void shouldGiveEachClientItsOwnReproducibleSequence() {
        RequestWindows windows = new RequestWindows(START, END, Duration.ofHours(6), 7);

        assertThat(draw(windows.forClient(3))).isEqualTo(draw(new RequestWindows(START, END, Duration.ofHours(6), 7).forClient(3)));
        assertThat(draw(windows.forClient(3))).isNotEqualTo(draw(windows.forClient(4)));
    }

    @Test
    void shouldRejectAWindowLongerThanTheHistory() {
        assertThatThrownBy(() -> new RequestWindows(START, END, Duration.ofDays(4), 7)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<RequestWindows.Window> draw(RequestWindows.Sequence sequence) {
        List<RequestWindows.Window> drawn = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            drawn.add(sequence.next());
        }
        return drawn;
    }
}
