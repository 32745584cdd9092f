package io.lambdaarch.serving.index;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The measures of rows added one at a time, kept column by column for the prefix sums built from them: a
 * {@code long[]} per measure and, for a measure with a value beyond a long (the view's measures are NUMERIC(38,0)),
 * a {@code BigInteger[]} beside it that holds those values only (null at every other row). Almost no value needs one,
 * so a column costs 8 bytes a row until one does. Grows by doubling. Both builders of the index collect into one:
 * {@link ServingIndex.Builder} for the whole table, {@link GroupSeries.Builder} for one group.
 */
final class MeasureColumnBuffer {
    private final long[][] values;
    private final BigInteger[][] overflow;
    private int capacity;
    private int rows;

    MeasureColumnBuffer(int measureCount, int initialCapacity) {
        if (measureCount < 0 || initialCapacity < 1) {
            throw new IllegalArgumentException("measureCount " + measureCount + " must be >= 0 and initialCapacity "
                    + initialCapacity + " >= 1");
        }
        this.capacity = initialCapacity;
        this.values = new long[measureCount][initialCapacity];
        this.overflow = new BigInteger[measureCount][];
    }

    int measureCount() {
        return values.length;
    }

    int rows() {
        return rows;
    }

    /**
     * Adds a row: measure m is {@code big[m]} when that is not null (a value beyond a long), else {@code small[m]}.
     * Both arrays may be reused by the caller.
     */
    void add(long[] small, BigInteger[] big) {
        if (rows == capacity) {
            capacity *= 2;
            for (int m = 0; m < values.length; m++) {
                values[m] = Arrays.copyOf(values[m], capacity);
                if (overflow[m] != null) {
                    overflow[m] = Arrays.copyOf(overflow[m], capacity);
                }
            }
        }
        for (int m = 0; m < values.length; m++) {
            if (big[m] == null) {
                values[m][rows] = small[m];
            } else {
                if (overflow[m] == null) {
                    overflow[m] = new BigInteger[capacity];
                }
                overflow[m][rows] = big[m];
            }
        }
        rows++;
    }

    /** Copies row {@code row}'s measures into {@code small} and {@code big}, in the form {@link #add} takes. */
    void read(int row, long[] small, BigInteger[] big) {
        for (int m = 0; m < values.length; m++) {
            small[m] = values[m][row];
            big[m] = overflow[m] == null ? null : overflow[m][row];
        }
    }

    /** Measure m's values as longs, for rows {@code [0, rows())} (the array may be longer); see {@link #overflow}. */
    long[] values(int m) {
        return values[m];
    }

    /**
     * Measure m's values beyond a long by row (null where {@link #values} holds the row's value; as long as that
     * array), or null when no row of m needs one.
     */
    BigInteger[] overflow(int m) {
        return overflow[m];
    }
}
