package io.lambdaarch.speed;

import org.apache.spark.util.AccumulatorV2;

/** The smallest value added on any executor; {@link Long#MAX_VALUE} while nothing was added. */
public final class MinLongAccumulator extends AccumulatorV2<Long, Long> {
    private static final long serialVersionUID = 1L;
    private long min = Long.MAX_VALUE;

    @Override
    public boolean isZero() {
        return min == Long.MAX_VALUE;
    }

    @Override
    public AccumulatorV2<Long, Long> copy() {
        MinLongAccumulator copy = new MinLongAccumulator();
        copy.min = min;
        return copy;
    }

    @Override
    public void reset() {
        min = Long.MAX_VALUE;
    }

    @Override
    public void add(Long value) {
        min = Math.min(min, value);
    }

    @Override
    public void merge(AccumulatorV2<Long, Long> other) {
        min = Math.min(min, other.value());
    }

    @Override
    public Long value() {
        return min;
    }
}
