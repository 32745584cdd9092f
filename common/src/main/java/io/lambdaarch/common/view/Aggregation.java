package io.lambdaarch.common.view;

/** How a measure is computed from the rows of one group. */
public enum Aggregation {
    /** Number of rows in the group; the measure has no source column. */
    COUNT,
    /** Sum of a BIGINT source column, exact (never clamped or wrapped). */
    SUM
}
