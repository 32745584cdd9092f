package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One row of landing_runs: a committed landing run. */
public record LandingRun(
        String runId,
        String topic,
        Instant startedAt,
        Instant finishedAt,
        Instant landedThrough,
        long validRecords,
        long invalidRecords,
        int files,
        long bytes) {
    public LandingRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(landedThrough, "landedThrough is null");
    }
}
