package io.lambdaarch.common.view;

/** How a dimension derives from its source column. */
public enum TimeGrain {
    /** The source value as it is. */
    NONE,
    /** A timestamp truncated to the start of its UTC hour ({@code date_trunc('hour', x)} in SQL and Spark). */
    HOUR
}
