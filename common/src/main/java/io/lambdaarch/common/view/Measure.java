package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * An aggregated column of a view: an integer of up to {@link #PRECISION} digits in every layer (NUMERIC(38,0) in
 * PostgreSQL, DECIMAL(38,0) in Redshift, DecimalType(38,0) in Spark). {@code sourceColumn} is null for
 * {@link Aggregation#COUNT}.
 */
public record Measure(String column, Aggregation aggregation, String sourceColumn) implements Serializable {
    /**
     * Decimal digits of a measure: the widest exact type Redshift and Spark have. Sums of BIGINT counts (each below
     * 2^63) reach 10^38 only after more than 10^19 events in one group.
     */
    public static final int PRECISION = 38;

    public Measure {
        requireNonNull(column, "column is null");
        requireNonNull(aggregation, "aggregation is null");
        if ((aggregation == Aggregation.COUNT) != (sourceColumn == null)) {
            throw new IllegalArgumentException("COUNT takes no source column and SUM needs one: " + column);
        }
    }
}
