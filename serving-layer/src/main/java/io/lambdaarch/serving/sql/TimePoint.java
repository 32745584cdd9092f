package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The measures of one step of a time series, and the part of them each layer counted; {@code time} is the start of
 * the step (UTC).
 */
public record TimePoint(Instant time, Measures measures, LayerSplit layers) {
    public TimePoint {
        requireNonNull(time, "time is null");
        requireNonNull(measures, "measures is null");
        requireNonNull(layers, "layers is null");
    }
}
