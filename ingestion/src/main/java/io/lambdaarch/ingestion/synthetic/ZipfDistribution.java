package io.lambdaarch.ingestion.synthetic;

import java.util.Arrays;

/**
 * Zipf's law over ranks {@code 0..n-1}: rank {@code k} has probability proportional to {@code 1 / (k+1)^exponent}.
 * Sampling inverts the cumulative distribution with a binary search, so one uniform number gives one rank and the
 * result is reproducible. Uses {@link StrictMath}, whose results are the same on every JVM.
 */
public final class ZipfDistribution {
    private final double[] cumulative;
    private final double exponent;

    public ZipfDistribution(int n, double exponent) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("exponent must be positive: " + exponent);
        }
        this.exponent = exponent;
        this.cumulative = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1 / StrictMath.pow(k + 1, exponent);
            cumulative[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cumulative[k] /= sum;
        }
        cumulative[n - 1] = 1.0;
    }

    public int size() {
        return cumulative.length;
    }

    public double exponent() {
        return exponent;
    }

    /** The probability of {@code rank}. */
    public double probability(int rank) {
        return rank == 0 ? cumulative[0] : cumulative[rank] - cumulative[rank - 1];
    }

    /** The rank for a uniform number {@code u} in [0, 1). */
    public int sample(double u) {
        int index = Arrays.binarySearch(cumulative, u);
        // binarySearch returns -(insertion point) - 1 when u falls between two entries: the rank is the insertion point.
        int rank = index >= 0 ? index + 1 : -index - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
