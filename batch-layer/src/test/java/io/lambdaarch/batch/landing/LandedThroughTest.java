package io.lambdaarch.batch.landing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LandedThroughTest {
    private static final Instant CAPTURE = Instant.parse("2026-11-26T10:00:00.500Z");
    private static final Duration MARGIN = Duration.ofSeconds(30);

    @Test
    void shouldUseTheCaptureTimeLessTheMarginWhenEverythingIsDrained() {
        // An idle topic: nothing landed now, the newest record is old. Time still moves landed_through forward.
        assertThat(LandedThrough.compute(Optional.of(Instant.parse("2026-11-26T08:00:00Z")), Optional.empty(), CAPTURE,
                Optional.empty(), MARGIN)).isEqualTo(Instant.parse("2026-11-26T09:59:30.500Z"));
    }

    @Test
    void shouldTrustTheBrokerStampsWhenTheJobClockIsBehind() {
        Instant lateJobClock = CAPTURE.minusSeconds(600);
        Instant newestLanded = Instant.parse("2026-11-26T10:00:00Z");

        assertThat(LandedThrough.compute(Optional.empty(), Optional.empty(), lateJobClock, Optional.of(newestLanded), MARGIN))
                .isEqualTo(newestLanded.minus(MARGIN));
    }

    @Test
    void shouldIgnoreTheJobClockWhenAProbeReadTheBrokerClock() {
        Instant probe = Instant.parse("2026-11-26T09:50:00Z");
        Instant jobClockAhead = probe.plusSeconds(3600);

        assertThat(LandedThrough.compute(Optional.empty(), Optional.of(probe), jobClockAhead, Optional.empty(), MARGIN))
                .isEqualTo(probe.minus(MARGIN));
        assertThat(LandedThrough.compute(Optional.empty(), Optional.of(probe), jobClockAhead, Optional.of(probe.plusSeconds(5)),
                MARGIN)).isEqualTo(probe.plusSeconds(5).minus(MARGIN));
    }

    @Test
    void shouldNeverMoveBackwards() {
        Instant previous = Instant.parse("2026-11-26T11:00:00Z");

        assertThat(LandedThrough.compute(Optional.of(previous), Optional.empty(), CAPTURE, Optional.empty(), MARGIN))
                .isEqualTo(previous);
    }

    @Test
    void shouldTruncateToTheMillisecondsKafkaStamps() {
        Instant capture = Instant.parse("2026-11-26T10:00:00.123456789Z");

        assertThat(LandedThrough.compute(Optional.empty(), Optional.empty(), capture, Optional.empty(), Duration.ZERO))
                .isEqualTo(Instant.parse("2026-11-26T10:00:00.123Z"));
    }
}
