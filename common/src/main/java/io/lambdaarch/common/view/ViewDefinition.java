package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The grain and measures of an aggregate view, as data. The batch layer's SQL, the speed layer's Spark plan and the
 * serving layer's merge are all generated from one instance ({@link TweetView#DEFINITION}), so they cannot drift.
 */
public record ViewDefinition(List<Dimension> dimensions, List<Measure> measures) implements Serializable {
    public ViewDefinition {
        dimensions = List.copyOf(requireNonNull(dimensions, "dimensions is null"));
        measures = List.copyOf(requireNonNull(measures, "measures is null"));
        if (dimensions.isEmpty() || measures.isEmpty()) {
            throw new IllegalArgumentException("a view needs at least one dimension and one measure");
        }
    }

    /** Names of the grouping columns, in order. */
    public List<String> dimensionColumns() {
        return dimensions.stream().map(Dimension::column).toList();
    }

    /** Names of the measure columns, in order. */
    public List<String> measureColumns() {
        return measures.stream().map(Measure::column).toList();
    }

    /** Dimension columns followed by measure columns: the column order of every table built from this view. */
    public List<String> allColumns() {
        List<String> columns = new ArrayList<>(dimensionColumns());
        columns.addAll(measureColumns());
        return List.copyOf(columns);
    }

    /** The source columns a row must carry for this view to be computed from it. */
    public List<String> sourceColumns() {
        List<String> columns = new ArrayList<>();
        dimensions.forEach(d -> columns.add(d.sourceColumn()));
        measures.stream().filter(m -> m.sourceColumn() != null).forEach(m -> columns.add(m.sourceColumn()));
        return List.copyOf(columns);
    }
}
