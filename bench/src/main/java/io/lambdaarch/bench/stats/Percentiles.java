package io.lambdaarch.bench.stats;

import java.util.Arrays;

/**
 * Percentiles by the nearest-rank method: the p-th percentile of n samples is the smallest sample that at least p
 * percent of the samples do not exceed, so it is always a value that was actually measured.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /** The {@code percentile} (0 exclusive to 100 inclusive) of {@code sorted}, which must be sorted ascending. */
    public static long nearestRank(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + percentile);
        }
        // The epsilon keeps 99% of 100 samples at rank 99 despite 0.99 * 100 = 99.00000000000001.
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** A sorted copy of {@code samples}. */
    public static long[] sorted(long[] samples) {
        long[] copy = samples.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** The median (nearest rank) of {@code samples}, in any order. */
    public static long median(long[] samples) {
        return nearestRank(sorted(samples), 50);
    }
}
