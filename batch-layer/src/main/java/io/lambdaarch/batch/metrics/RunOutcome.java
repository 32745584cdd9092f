package io.lambdaarch.batch.metrics;

/** How a batch command ended, as the {@code outcome} label of {@code lambda_batch_run_outcome}. */
public enum RunOutcome {
    SUCCEEDED("succeeded"),
    FAILED("failed"),
    LOCK_HELD("lock_held");

    private final String label;

    RunOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
