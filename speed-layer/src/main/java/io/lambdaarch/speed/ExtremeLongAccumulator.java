package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import org.apache.spark.util.AccumulatorV2;

/**
 * The largest or the smallest value added on any executor; while nothing was added, the value no added one can pass
 * ({@link Long#MIN_VALUE} for the largest, {@link Long#MAX_VALUE} for the smallest).
 */
public final class ExtremeLongAccumulator extends AccumulatorV2<Long, Long> {
    private static final long serialVersionUID = 1L;

    /** Which extreme the accumulator keeps. */
    public enum Extreme {
        LARGEST(Long.MIN_VALUE),
        SMALLEST(Long.MAX_VALUE);

        private final long none;

        Extreme(long none) {
            this.none = none;
        }

        long pick(long a, long b) {
            return this == LARGEST ? Math.max(a, b) : Math.min(a, b);
        }
    }

    private final Extreme extreme;
    private long value;

    public ExtremeLongAccumulator(Extreme extreme) {
        this.extreme = requireNonNull(extreme, "extreme is null");
        this.value = extreme.none;
    }

    @Override
    public boolean isZero() {
        return value == extreme.none;
    }

    @Override
    public AccumulatorV2<Long, Long> copy() {
        ExtremeLongAccumulator copy = new ExtremeLongAccumulator(extreme);
        copy.value = value;
        return copy;
    }

    @Override
    public void reset() {
        value = extreme.none;
    }

    @Override
    public void add(Long added) {
        value = extreme.pick(value, added);
    }

    @Override
    public void merge(AccumulatorV2<Long, Long> other) {
        value = extreme.pick(value, other.value());
    }

    @Override
    public Long value() {
        return value;
    }
}
