package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void shouldSpaceRecordsEvenly() throws InterruptedException {
        FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(4, time.clock(), time);
        for (int i = 0; i < 5; i++) {
            limiter.acquire();
        }
        assertThat(time.sleeps()).containsExactly(
                Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void shouldCatchUpWithoutWaitingAfterFallingBehind() throws InterruptedException {
        FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(10, time.clock(), time);
        limiter.acquire();
        time.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 11; i++) {
            limiter.acquire();
        }
        // Records 1 to 10 were due within the second that passed; only record 11 waits.
        assertThat(time.sleeps()).isEqualTo(List.of(Duration.ofMillis(100)));
    }

    @Test
    void shouldNeverWaitWithoutALimit() throws InterruptedException {
        FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
        RateLimiter limiter = new RateLimiter(0, time.clock(), time);
        for (int i = 0; i < 1000; i++) {
            limiter.acquire();
        }
        assertThat(time.sleeps()).isEmpty();
    }
}
