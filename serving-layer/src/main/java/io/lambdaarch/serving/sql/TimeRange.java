package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A range of event time, {@code [from, to)}; either end may be open. An event hour belongs to the range when its start
 * lies in it, because the view's grain is one hour: {@code from=09:30} leaves out the hour from 09:00 and
 * {@code to=10:30} takes in the whole hour from 10:00.
 */
public record TimeRange(Optional<Instant> from, Optional<Instant> to) {
    public TimeRange {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new IllegalArgumentException("from must be before to: " + from.get() + " and " + to.get());
        }
    }

    /** Every event time. */
    public static TimeRange all() {
        return new TimeRange(Optional.empty(), Optional.empty());
    }

    public static TimeRange of(Instant from, Instant to) {
        return new TimeRange(Optional.of(from), Optional.of(to));
    }
}
