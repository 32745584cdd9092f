package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * Paces records to a steady rate: permit {@code n} is due {@code n / rate} seconds after the first. A caller that
 * falls behind catches up without waiting (no burst limit), so the long-run rate is exact.
 *
 * <p>Not thread-safe: the ingestor's thread is its only user.
 */
public final class RateLimiter {
    private final long perSecond;
    private final Clock clock;
    private final Sleeper sleeper;
    private long permits;
    private long startMillis = -1;

    /** A limiter for {@code perSecond} records per second, or no limit when it is 0. */
    public RateLimiter(long perSecond, Clock clock, Sleeper sleeper) {
        if (perSecond < 0) {
            throw new IllegalArgumentException("perSecond must be >= 0: " + perSecond);
        }
        this.perSecond = perSecond;
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
    }

    /** Waits until the next record is due; returns at once without a limit. */
    public void acquire() throws InterruptedException {
        if (perSecond == 0) {
            return;
        }
        long now = clock.millis();
        if (startMillis < 0) {
            startMillis = now;
        }
        long dueMillis = startMillis + permits * 1000 / perSecond;
        permits++;
        // Waits under a millisecond are skipped: the next due time absorbs them, so fast rates stay exact.
        if (dueMillis > now) {
            sleeper.sleep(Duration.ofMillis(dueMillis - now));
        }
    }
}
