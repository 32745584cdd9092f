package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which state of the two layers an answer was computed from: the latest succeeded recompute (its run id and cutoff)
 * and the latest speed commit (its query, Spark batch id and commit time). Every change to the rows serving_view
 * merges is written in the same transaction as one of these (a recompute with its {@code batch_runs} row, a speed
 * micro-batch with its {@code speed_commits} row), so two reads with the same version see the same serving_view.
 */
public record DataVersion(
        Optional<String> batchRunId,
        Optional<Instant> batchCutoff,
        Optional<String> speedQueryName,
        Optional<Long> speedBatchId,
        Optional<Instant> speedCommittedAt) {
    public DataVersion {
        requireNonNull(batchRunId, "batchRunId is null");
        requireNonNull(batchCutoff, "batchCutoff is null");
        requireNonNull(speedQueryName, "speedQueryName is null");
        requireNonNull(speedBatchId, "speedBatchId is null");
        requireNonNull(speedCommittedAt, "speedCommittedAt is null");
    }

    /** The version of the state {@code freshness} was read from. */
    public static DataVersion of(WarehouseFreshness freshness) {
        Optional<LatestBatchRun> run = freshness.batch();
        Optional<LatestSpeedCommit> commit = freshness.speed();
        return new DataVersion(run.map(LatestBatchRun::runId), run.map(LatestBatchRun::cutoff),
                commit.map(LatestSpeedCommit::queryName), commit.map(LatestSpeedCommit::batchId),
                commit.map(LatestSpeedCommit::committedAt));
    }
}
