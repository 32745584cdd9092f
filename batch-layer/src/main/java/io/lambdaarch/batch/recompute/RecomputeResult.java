package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRun;
import java.time.Instant;

/**
 * A committed recompute.
 *
 * @param run the batch_runs row committed with the new view
 * @param landedThrough the landed_through the cutoff was floored from
 */
public record RecomputeResult(BatchRun run, Instant landedThrough) {
    public RecomputeResult {
        requireNonNull(run, "run is null");
        requireNonNull(landedThrough, "landedThrough is null");
    }
}
