package io.lambdaarch.serving.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One recompute from batch_runs, as the dashboard's run history shows it.
 *
 * @param runId the run's id
 * @param startedAt when the recompute started
 * @param finishedAt when it committed
 * @param cutoff its cutoff: batch_view counts events ingested before it
 * @param rowsIn raw_batch rows it read
 * @param rowsOut batch_view rows it wrote
 * @param durationMs how long it took
 * @param status its status
 */
public record BatchRunRow(
        String runId, Instant startedAt, Instant finishedAt, Instant cutoff, long rowsIn, long rowsOut, long durationMs,
        String status) {
    public BatchRunRow {
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(cutoff, "cutoff is null");
        requireNonNull(status, "status is null");
    }
}
