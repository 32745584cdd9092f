package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRun;
import java.time.Instant;

/**
 * A committed recompute.
 *
 * @param run the batch_runs row committed with the new view
 * @param landedThrough the landed_through the cutoff was floored from
 * @param reason why the run was full or incremental
 * @param change what the run changed in batch_view
 */
public record RecomputeResult(BatchRun run, Instant landedThrough, String reason, BatchViewChange change) {
    public RecomputeResult {
        requireNonNull(run, "run is null");
        requireNonNull(landedThrough, "landedThrough is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(change, "change is null");
    }
}
