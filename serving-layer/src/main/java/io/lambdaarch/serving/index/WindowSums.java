package io.lambdaarch.serving.index;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The batch part of one time window, per group of the index (by its id, {@link ServingIndex#group(int)}): whether the
 * group has a row in the window and each measure's sum. Sums are held as {@code long}s, one array per measure over
 * the groups; a sum that does not fit a long is kept as a BigInteger beside it, so a request allocates a few arrays,
 * not an object per group and measure. Not thread-safe: one per request.
 */
public final class WindowSums {
    private final boolean[] present;
    private final long[][] small;
    private final BigInteger[][] big;

    WindowSums(int measureCount, int groupCount) {
        this.present = new boolean[groupCount];
        this.small = new long[measureCount][groupCount];
        this.big = new BigInteger[measureCount][];
    }

    /** How many groups the index holds (ids {@code 0} to this, exclusive). */
    public int groupCount() {
        return present.length;
    }

    /** Whether group {@code group} has at least one row in the window. */
    public boolean present(int group) {
        return present[group];
    }

    /** Whether some sum of {@code measure} did not fit a long: then read it with {@link #value}. */
    public boolean wide(int measure) {
        return big[measure] != null;
    }

    /** The sum of {@code measure} for {@code group}; only when {@code !wide(measure)}. */
    public long small(int measure, int group) {
        return small[measure][group];
    }

    /** The sum of {@code measure} for {@code group}, exactly. */
    public BigInteger value(int measure, int group) {
        BigInteger[] wide = big[measure];
        if (wide != null && wide[group] != null) {
            return wide[group];
        }
        return BigInteger.valueOf(small[measure][group]);
    }

    void markPresent(int group) {
        present[group] = true;
    }

    long[] smallColumn(int measure) {
        return small[measure];
    }

    void setSmall(int measure, int group, long value) {
        small[measure][group] = value;
    }

    void setBig(int measure, int group, BigInteger value) {
        if (value.bitLength() < Long.SIZE && big[measure] == null) {
            small[measure][group] = value.longValue();
            return;
        }
        if (big[measure] == null) {
            big[measure] = new BigInteger[present.length];
        }
        big[measure][group] = value;
    }

    void set(int measure, int group, ExactSum sum) {
        if (sum.fitsLong()) {
            small[measure][group] = sum.longValue();
        } else {
            setBig(measure, group, sum.value());
        }
    }

    @Override
    public String toString() {
        return "WindowSums" + Arrays.toString(present);
    }
}
