package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measures of one group of a view over a time range (one location of the default view, one language of lang_day),
 * and the part of them each layer counted.
 *
 * @param group the group's value of each of the view's non-time dimensions, in the view's order
 */
public record GroupTotals(Map<String, String> group, Measures measures, LayerSplit layers) {
    public GroupTotals {
        // Map.copyOf would lose the order, which is the view's column order in every response; values may be null.
        group = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(group, "group is null")));
        requireNonNull(measures, "measures is null");
        requireNonNull(layers, "layers is null");
    }
}
