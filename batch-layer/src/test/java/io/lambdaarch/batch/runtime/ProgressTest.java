package io.lambdaarch.batch.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void shouldFormatNumbersForPeople() {
        assertThat(Progress.count(1234567)).isEqualTo("1,234,567");
        assertThat(Progress.megabytes(12_345_678)).isEqualTo("12.3 MB");
        assertThat(Progress.duration(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Progress.duration(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(Progress.duration(Duration.ofSeconds(245))).isEqualTo("4m 05s");
        assertThat(Progress.rate(5000, Duration.ofSeconds(2))).isEqualTo("2,500 records/s");
    }

    @Test
    void shouldBeDueOncePerInterval() {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-26T10:00:00Z"));
        StringWriter out = new StringWriter();
        Progress progress = new Progress(new PrintWriter(out), clock, Duration.ofSeconds(10));

        clock.advance(Duration.ofSeconds(9));
        assertThat(progress.due()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(progress.due()).isTrue();
        progress.line("x");
        assertThat(progress.due()).isFalse();
        assertThat(out.toString()).isEqualTo("x" + System.lineSeparator());
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
