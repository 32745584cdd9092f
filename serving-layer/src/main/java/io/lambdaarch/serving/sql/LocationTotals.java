package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

/** The measures of one location over a time range, and the part of them each layer counted. */
public record LocationTotals(String location, Measures measures, LayerSplit layers) {
    public LocationTotals {
        requireNonNull(location, "location is null");
        requireNonNull(measures, "measures is null");
        requireNonNull(layers, "layers is null");
    }
}
