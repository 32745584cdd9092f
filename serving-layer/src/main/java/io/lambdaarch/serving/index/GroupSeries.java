package io.lambdaarch.serving.index;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * One group of the batch view (one value of its non-time dimensions, e.g. one location): its event times in ascending
 * order and the prefix sums of every measure over them. A range of event time is two binary searches, and its sum
 * two reads per measure, however many hours it spans.
 */
final class GroupSeries {
    private final long[] times;
    private final PrefixSums[] measures;

    private GroupSeries(long[] times, PrefixSums[] measures) {
        this.times = times;
        this.measures = measures;
    }

    /** The first row whose time is at or after {@code epochSecond} (the row count when there is none). */
    int lowerBound(long epochSecond) {
        int found = Arrays.binarySearch(times, epochSecond);
        if (found >= 0) {
            return found;
        }
        return -found - 1;
    }

    int rows() {
        return times.length;
    }

    long time(int row) {
        return times[row];
    }

    /** Adds each measure's sum over rows {@code [from, to)} to {@code into} (one sum per measure, in view order). */
    void addRange(int from, int to, ExactSum[] into) {
        for (int m = 0; m < measures.length; m++) {
            measures[m].addRange(from, to, into[m]);
        }
    }

    long bytes() {
        long bytes = 32L + 8L * times.length;
        for (PrefixSums measure : measures) {
            bytes += measure.bytes();
        }
        return bytes;
    }

    /** Collects one group's rows, which must arrive in strictly ascending time. */
    static final class Builder {
        private long[] times = new long[16];
        private final MeasureColumnBuffer measures;

        Builder(int measureCount) {
            this.measures = new MeasureColumnBuffer(measureCount, 16);
        }

        /**
         * Adds a row at {@code epochSecond}: measure m is {@code big[m]} when that is not null (a value beyond a long),
         * else {@code small[m]}. Both arrays may be reused by the caller.
         */
        void add(long epochSecond, long[] small, BigInteger[] big) {
            int count = measures.rows();
            // The index checks the order (ServingIndex.Builder); kept here too, since the prefix sums rely on it.
            if (count > 0 && times[count - 1] >= epochSecond) {
                throw new IllegalStateException("rows out of time order: " + epochSecond + " after " + times[count - 1]);
            }
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count] = epochSecond;
            measures.add(small, big);
        }

        GroupSeries build() {
            int count = measures.rows();
            PrefixSums[] prefixes = new PrefixSums[measures.measureCount()];
            for (int m = 0; m < prefixes.length; m++) {
                prefixes[m] = PrefixSums.of(measures.values(m), measures.overflow(m), count);
            }
            return new GroupSeries(Arrays.copyOf(times, count), prefixes);
        }
    }
}
