package io.lambdaarch.serving.index;

import java.math.BigInteger;

/**
 * The prefix sums of one measure over one group's rows in time order: {@code prefix[i]} is the sum of rows
 * {@code [0, i)}, so the sum of rows {@code [from, to)} is {@code prefix[to] - prefix[from]}, two reads whatever the
 * range. Kept in {@code long}s while every prefix fits one; a group whose prefixes pass 2^63 (NUMERIC(38,0) values
 * may) keeps BigIntegers for that measure only, so no sum is ever rounded or wrapped.
 */
final class PrefixSums {
    private final long[] small;
    private final BigInteger[] big;

    private PrefixSums(long[] small, BigInteger[] big) {
        this.small = small;
        this.big = big;
    }

    /**
     * The prefix sums of {@code values} ({@code count} of them), where a value that does not fit a long is
     * {@code overflow[i]} (non-null only there; {@code overflow} itself null when no value needs it).
     */
    static PrefixSums of(long[] values, BigInteger[] overflow, int count) {
        long[] prefix = new long[count + 1];
        long sum = 0;
        for (int i = 0; i < count; i++) {
            if (overflow != null && overflow[i] != null) {
                return bigPrefixes(values, overflow, count);
            }
            long next = sum + values[i];
            if (((sum ^ next) & (values[i] ^ next)) < 0) {
                return bigPrefixes(values, overflow, count);
            }
            sum = next;
            prefix[i + 1] = sum;
        }
        return new PrefixSums(prefix, null);
    }

    private static PrefixSums bigPrefixes(long[] values, BigInteger[] overflow, int count) {
        BigInteger[] prefix = new BigInteger[count + 1];
        BigInteger sum = BigInteger.ZERO;
        prefix[0] = sum;
        for (int i = 0; i < count; i++) {
            BigInteger value = overflow != null && overflow[i] != null ? overflow[i] : BigInteger.valueOf(values[i]);
            sum = sum.add(value);
            prefix[i + 1] = sum;
        }
        return new PrefixSums(null, prefix);
    }

    /** Adds the sum of rows {@code [from, to)} to {@code into}. */
    void addRange(int from, int to, ExactSum into) {
        if (small != null) {
            into.addDifference(small[to], small[from]);
        } else {
            into.add(big[to].subtract(big[from]));
        }
    }

    /** Bytes held, roughly: for the index's size on /metrics. */
    long bytes() {
        if (small != null) {
            return 16L + 8L * small.length;
        }
        // A BigInteger below 2^128 is about 56 bytes with its int[] and the array slot.
        return 16L + 56L * big.length;
    }
}
