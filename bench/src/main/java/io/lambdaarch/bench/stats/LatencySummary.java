package io.lambdaarch.bench.stats;

/**
 * What a set of latency samples (nanoseconds) comes to: how many, the median, the 99th percentile and the worst.
 *
 * @param count number of samples
 * @param p50Nanos median
 * @param p99Nanos 99th percentile
 * @param maxNanos largest sample
 */
public record LatencySummary(long count, long p50Nanos, long p99Nanos, long maxNanos) {
    public LatencySummary {
        if (count < 1) {
            throw new IllegalArgumentException("a summary needs at least one sample");
        }
    }

    /** Summarizes {@code nanos} (any order, at least one sample). */
    public static LatencySummary of(long[] nanos) {
        long[] sorted = Percentiles.sorted(nanos);
        return new LatencySummary(sorted.length, Percentiles.nearestRank(sorted, 50), Percentiles.nearestRank(sorted, 99),
                sorted[sorted.length - 1]);
    }

    public double p50Millis() {
        return p50Nanos / 1e6;
    }

    public double p99Millis() {
        return p99Nanos / 1e6;
    }

    public double maxMillis() {
        return maxNanos / 1e6;
    }
}
