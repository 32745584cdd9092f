package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The measures of one step of a time series; {@code time} is the start of the step (UTC). */
public record TimePoint(Instant time, Measures measures) {
    public TimePoint {
        requireNonNull(time, "time is null");
        requireNonNull(measures, "measures is null");
    }
}
