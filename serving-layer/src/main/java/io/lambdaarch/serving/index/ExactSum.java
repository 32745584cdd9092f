package io.lambdaarch.serving.index;

import java.math.BigInteger;

/**
 * A running sum that stays exact: a {@code long} while the sum fits one, a {@link BigInteger} from the first addition
 * that would overflow. The view's measures are NUMERIC(38,0), so a single value, let alone a sum, may pass 2^63; almost
 * every sum does not, and a long addition costs nothing beside a BigInteger's. Not thread-safe: one per request.
 */
final class ExactSum {
    private long small;
    private BigInteger big;

    void add(long value) {
        if (big == null) {
            long sum = small + value;
            // Overflow only when both operands have the sign the result lacks (Math.addExact's test, without the throw).
            if (((small ^ sum) & (value ^ sum)) >= 0) {
                small = sum;
                return;
            }
            big = BigInteger.valueOf(small);
        }
        big = big.add(BigInteger.valueOf(value));
    }

    void add(BigInteger value) {
        if (big == null) {
            if (value.bitLength() < Long.SIZE) {
                add(value.longValue());
                return;
            }
            big = BigInteger.valueOf(small);
        }
        big = big.add(value);
    }

    /** Adds {@code minuend - subtrahend}, exactly. */
    void addDifference(long minuend, long subtrahend) {
        long difference = minuend - subtrahend;
        if (((minuend ^ subtrahend) & (minuend ^ difference)) >= 0) {
            add(difference);
        } else {
            add(BigInteger.valueOf(minuend).subtract(BigInteger.valueOf(subtrahend)));
        }
    }

    /** Back to zero, so one instance serves many sums. */
    void reset() {
        small = 0;
        big = null;
    }

    /** Whether the sum is (still) a long: then {@link #longValue()} is it. */
    boolean fitsLong() {
        return big == null;
    }

    long longValue() {
        return small;
    }

    BigInteger value() {
        if (big == null) {
            return BigInteger.valueOf(small);
        }
        return big;
    }
}
