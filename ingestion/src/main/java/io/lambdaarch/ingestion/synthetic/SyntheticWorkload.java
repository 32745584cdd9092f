package io.lambdaarch.ingestion.synthetic;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything that decides a synthetic workload: the same values give the same records, byte for byte, on any
 * machine. A verifier recomputes the expected events from these values alone (see {@link SyntheticGenerator}).
 *
 * @param seed the random seed
 * @param anchor the {@code created_at} of record 0; later records move forward from it
 * @param eventsPerSecond how fast {@code created_at} advances: record {@code n} is created about
 *     {@code n / eventsPerSecond} seconds after the anchor; 0 keeps every record near the anchor
 * @param lateFraction share of events whose {@code created_at} lies up to {@code maxLateness} further in the past
 * @param maxLateness how late a late event can be
 * @param duplicateFraction share of records that repeat a recent record (same id, same bytes)
 * @param malformedFraction share of records that break one validation rule
 */
public record SyntheticWorkload(
        long seed,
        Instant anchor,
        long eventsPerSecond,
        double lateFraction,
        Duration maxLateness,
        double duplicateFraction,
        double malformedFraction) {
    public static final long DEFAULT_SEED = 1;
    public static final double DEFAULT_LATE_FRACTION = 0.02;
    public static final Duration DEFAULT_MAX_LATENESS = Duration.ofDays(2);
    public static final double DEFAULT_DUPLICATE_FRACTION = 0.01;
    public static final double DEFAULT_MALFORMED_FRACTION = 0.001;

    public SyntheticWorkload {
        requireNonNull(anchor, "anchor is null");
        requireNonNull(maxLateness, "maxLateness is null");
        if (eventsPerSecond < 0) {
            throw new IllegalArgumentException("eventsPerSecond must be >= 0: " + eventsPerSecond);
        }
        checkFraction("lateFraction", lateFraction);
        checkFraction("duplicateFraction", duplicateFraction);
        checkFraction("malformedFraction", malformedFraction);
        if (duplicateFraction + malformedFraction > 1) {
            throw new IllegalArgumentException("duplicateFraction + malformedFraction must be at most 1");
        }
        if (maxLateness.toMillis() < 1) {
            throw new IllegalArgumentException("maxLateness must be at least 1 ms: " + maxLateness);
        }
    }

    /** The default shape with the given seed and anchor, paced for {@code eventsPerSecond}. */
    public static SyntheticWorkload defaults(long seed, Instant anchor, long eventsPerSecond) {
        return new SyntheticWorkload(seed, anchor, eventsPerSecond, DEFAULT_LATE_FRACTION, DEFAULT_MAX_LATENESS,
                DEFAULT_DUPLICATE_FRACTION, DEFAULT_MALFORMED_FRACTION);
    }

    /** The options of {@code ./lambda ingest --source synthetic} that reproduce this workload. */
    public String toOptions() {
        return String.join(" ", toArguments());
    }

    /** {@link #toOptions()} as a command's argument list. */
    public List<String> toArguments() {
        String rate = eventsPerSecond == 0 ? "unlimited" : Long.toString(eventsPerSecond);
        return List.of("--seed", Long.toString(seed), "--anchor", anchor.toString(), "--rate", rate,
                "--late-fraction", Double.toString(lateFraction), "--max-lateness", Durations.format(maxLateness),
                "--duplicate-fraction", Double.toString(duplicateFraction), "--malformed-fraction", Double.toString(malformedFraction));
    }

    private static void checkFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1: " + value);
        }
    }
}
