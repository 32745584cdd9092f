package io.lambdaarch.ingestion.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a run stops and how fast it reads: after {@code count} records, after {@code duration}, or when the source
 * ends, whichever comes first; at most {@code ratePerSecond} records per second (0 = as fast as possible).
 */
public record RunLimits(OptionalLong count, Optional<Duration> duration, long ratePerSecond) {
    public RunLimits {
        requireNonNull(count, "count is null");
        requireNonNull(duration, "duration is null");
        if (count.isPresent() && count.getAsLong() < 0) {
            throw new IllegalArgumentException("count must be >= 0: " + count.getAsLong());
        }
        if (duration.isPresent() && duration.get().isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration.get());
        }
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("ratePerSecond must be >= 0: " + ratePerSecond);
        }
    }

    /** No count, no duration, no rate limit: run until the source ends or the process is stopped. */
    public static RunLimits unlimited() {
        return new RunLimits(OptionalLong.empty(), Optional.empty(), 0);
    }
}
