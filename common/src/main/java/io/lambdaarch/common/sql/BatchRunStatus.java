package io.lambdaarch.common.sql;

/** Values of {@code batch_runs.status}, which the batch layer writes and serving_view reads. */
public final class BatchRunStatus {
    /**
     * A recompute whose view and cutoff were committed; the only status ever written (a failed recompute rolls back
     * and leaves no row), and the one serving_view reads.
     */
    public static final String SUCCEEDED = "succeeded";

    private BatchRunStatus() {
    }
}
