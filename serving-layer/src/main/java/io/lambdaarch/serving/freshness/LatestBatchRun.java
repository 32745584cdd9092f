package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** The latest successful recompute: its cutoff is the boundary of serving_view. */
public record LatestBatchRun(String runId, Instant finishedAt, Instant cutoff) {
    public LatestBatchRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(cutoff, "cutoff is null");
    }
}
