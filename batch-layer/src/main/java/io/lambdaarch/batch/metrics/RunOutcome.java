package io.lambdaarch.batch.metrics;

/** How a batch command ended, as the {@code outcome} label of {@code lambda_batch_run_outcome}. */
public enum RunOutcome {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    LOCK_HELD("lock_held"),
    /** The lock has been held past LAMBDA_BATCH_LOCK_STALE_AFTER (exit 4): a run that probably hangs. */
    LOCK_STALE("lock_stale");

    private final String label;

    RunOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
