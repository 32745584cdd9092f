package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measures over every group of a time range, the part of them each layer counted, and how many distinct values
 * each of the view's non-time dimensions had in it (for the default view: how many locations had events).
 */
public record Totals(Measures measures, LayerSplit layers, Map<String, Long> distinct) {
    public Totals {
        requireNonNull(measures, "measures is null");
        requireNonNull(layers, "layers is null");
        distinct = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(distinct, "distinct is null")));
    }
}
