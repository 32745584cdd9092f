package io.lambdaarch.common.view;

import java.util.Locale;

/** How a dimension derives from its source column. */
public enum TimeGrain {
    /** The source value as it is. */
    NONE,
    /** A timestamp truncated to the start of its UTC hour ({@code date_trunc('hour', x)} in SQL and Spark). */
    HOUR,
    /** A timestamp truncated to the start of its UTC day ({@code date_trunc('day', x)} in SQL and Spark). */
    DAY;

    /**
     * The unit {@code date_trunc} takes in SQL and in Spark ({@code hour}, {@code day}), which is also the grain's name
     * in a views file and the suffix of a rollup table; {@code none} for {@link #NONE}, which truncates nothing.
     */
    public String unit() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the grains that truncate a timestamp. */
    public boolean isTime() {
        return this != NONE;
    }
}
