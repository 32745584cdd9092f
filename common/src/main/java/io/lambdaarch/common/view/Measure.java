package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

/** An aggregated BIGINT column of a view. {@code sourceColumn} is null for {@link Aggregation#COUNT}. */
public record Measure(String column, Aggregation aggregation, String sourceColumn) {
    public Measure {
        requireNonNull(column, "column is null");
        requireNonNull(aggregation, "aggregation is null");
        if ((aggregation == Aggregation.COUNT) != (sourceColumn == null)) {
            throw new IllegalArgumentException("COUNT takes no source column and SUM needs one: " + column);
        }
    }
}
