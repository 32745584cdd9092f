package io.lambdaarch.ingestion.synthetic;

import java.util.SplittableRandom;

/**
 * The random shapes of the synthetic workload, as pure functions of a {@link SplittableRandom}. They use
 * {@link StrictMath} so a seed gives the same workload on every JVM, which the verifier relies on.
 */
final class Distributions {
    private Distributions() {
    }

    /** A uniform number in (0, 1], safe for logarithms and negative powers. */
    static double openUniform(SplittableRandom random) {
        return 1.0 - random.nextDouble();
    }

    /** A standard normal number (Box-Muller). */
    static double standardNormal(SplittableRandom random) {
        double radius = StrictMath.sqrt(-2 * StrictMath.log(openUniform(random)));
        return radius * StrictMath.cos(2 * StrictMath.PI * random.nextDouble());
    }

    /** A log-normal count: {@code e^(mu + sigma * N(0,1))}, rounded down and capped at {@code max}. */
    static long logNormal(SplittableRandom random, double median, double sigma, long max) {
        double value = median * StrictMath.exp(sigma * standardNormal(random));
        return (long) Math.min(max, Math.floor(value));
    }

    /**
     * A heavy-tailed count: 0 with probability {@code zeroProbability}, otherwise a discrete Pareto value
     * {@code floor(u^(-1/alpha))} (1, 2, 3, ... with a power-law tail), capped at {@code max}. The uniform numbers are
     * always drawn, so the draws that follow do not depend on which branch was taken; the power is computed only when
     * it is used (it was a quarter of the synthetic source's CPU, and most counts are 0).
     */
    static long heavyTail(SplittableRandom random, double zeroProbability, double alpha, long max) {
        boolean zero = random.nextDouble() < zeroProbability;
        double uniform = openUniform(random);
        if (zero) {
            return 0;
        }
        return (long) Math.min(max, Math.floor(StrictMath.pow(uniform, -1 / alpha)));
    }
}
