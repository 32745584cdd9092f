package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

/**
 * The measures over every location of a time range, the part of them each layer counted, and how many locations had
 * events in it.
 */
public record Totals(Measures measures, LayerSplit layers, long locations) {
    public Totals {
        requireNonNull(measures, "measures is null");
        requireNonNull(layers, "layers is null");
    }
}
