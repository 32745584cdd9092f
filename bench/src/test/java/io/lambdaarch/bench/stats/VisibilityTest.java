package io.lambdaarch.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.bench.stats.Visibility.Seen;
import io.lambdaarch.bench.stats.Visibility.Sent;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibilityTest {
    @Test
    void shouldMatchEachEventToTheFirstReadingThatCountsIt() {
        // 2 events at t=0, 2 more at t=10; the reader counts 1 at t=5, 3 at t=20, 4 at t=30.
        List<Sent> sends = List.of(new Sent(0, 2), new Sent(10, 4));
        List<Seen> seen = List.of(new Seen(5, 1), new Seen(20, 3), new Seen(30, 4));

        Visibility visibility = Visibility.match(sends, seen);

        assertThat(visibility.latencies()).containsExactly(5, 20, 10, 20);
        assertThat(visibility.unseen()).isZero();
    }

    @Test
    void shouldCountEventsNeverSeen() {
        Visibility visibility = Visibility.match(List.of(new Sent(0, 3)), List.of(new Seen(7, 1)));

        assertThat(visibility.latencies()).containsExactly(7);
        assertThat(visibility.unseen()).isEqualTo(2);
    }

    @Test
    void shouldIgnoreAReadingLowerThanAnEarlierOne() {
        List<Seen> seen = List.of(new Seen(4, 2), new Seen(6, 1), new Seen(9, 2));

        Visibility visibility = Visibility.match(List.of(new Sent(0, 1), new Sent(5, 2)), seen);

        // Event 2 was already counted at t=4, before it was sent: its latency is clamped to 0, never negative.
        assertThat(visibility.latencies()).containsExactly(4, 0);
    }

    @Test
    void shouldMatchNothingWithoutReadings() {
        Visibility visibility = Visibility.match(List.of(new Sent(0, 2)), List.of());

        assertThat(visibility.latencies()).isEmpty();
        assertThat(visibility.unseen()).isEqualTo(2);
    }

    @Test
    void shouldDropWarmUpEventsAndCompareTheFirstAndLastThirds() {
        long[] latencies = {100, 100, 100, 10, 11, 12, 20, 21, 22, 30, 31, 32};
        Visibility visibility = new Visibility(latencies, 0).skip(3);

        assertThat(visibility.latencies()).hasSize(9);
        Visibility.Trend trend = visibility.trend();
        assertThat(trend.firstThirdMedianNanos()).isEqualTo(11);
        assertThat(trend.lastThirdMedianNanos()).isEqualTo(31);
        assertThat(trend.growthMillis()).isEqualTo(20 / 1e6);
    }
}
