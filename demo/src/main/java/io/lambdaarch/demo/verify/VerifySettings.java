package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code ./lambda verify} runs.
 *
 * @param home repository root (holds {@code ./lambda})
 * @param events records over both parts of the workload (valid, repeated and malformed)
 * @param seed seed of part 1; part 2 uses {@code seed + 1}
 * @param lateFraction share of late events in part 1
 * @param maxLateness how late part 1's late events can be
 * @param partTwoLateFraction share of late events in part 2
 * @param partTwoMaxLateness how late part 2's late events can be (days, to cross many batch cutoffs)
 * @param duplicateFraction share of repeated records
 * @param malformedFraction share of malformed records
 * @param ingestBucket the ingest bucket size B both layers use
 * @param keep keep the verify stack's data directory afterwards
 */
public record VerifySettings(
        Path home,
        long events,
        long seed,
        double lateFraction,
        Duration maxLateness,
        double partTwoLateFraction,
        Duration partTwoMaxLateness,
        double duplicateFraction,
        double malformedFraction,
        Duration ingestBucket,
        boolean keep) {
    public VerifySettings {
        requireNonNull(home, "home is null");
        requireNonNull(maxLateness, "maxLateness is null");
        requireNonNull(partTwoMaxLateness, "partTwoMaxLateness is null");
        requireNonNull(ingestBucket, "ingestBucket is null");
        if (events < 2) {
            throw new IllegalArgumentException("events must be at least 2: " + events);
        }
    }

    /** Records in part 1 (the first half, rounded up). */
    public long partOneEvents() {
        return (events + 1) / 2;
    }

    /** Records in part 2. */
    public long partTwoEvents() {
        return events / 2;
    }
}
