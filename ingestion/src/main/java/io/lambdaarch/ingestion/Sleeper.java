package io.lambdaarch.ingestion;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits for a while; injected wherever the service waits, so tests can run back-off and pacing on a fake clock. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps with {@link Thread#sleep}; a zero or negative duration returns at once. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        }
    };

    /** Waits for {@code duration}; throws when the thread is interrupted, which is how waits are cut short. */
    void sleep(Duration duration) throws InterruptedException;
}
