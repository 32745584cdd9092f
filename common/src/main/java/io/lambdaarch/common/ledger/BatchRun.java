package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One row of batch_runs: a recompute committed together with the batch view it built. */
public record BatchRun(
        String runId,
        Instant startedAt,
        Instant finishedAt,
        Instant cutoff,
        long ingestBucketSeconds,
        long rowsIn,
        long rowsOut,
        long durationMs,
        BatchRunStatus status,
        BatchRunMode mode) {
    public BatchRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(cutoff, "cutoff is null");
        requireNonNull(status, "status is null");
        requireNonNull(mode, "mode is null");
    }
}
