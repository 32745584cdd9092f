package io.lambdaarch.common.ledger;

/** Values of {@code batch_runs.status}, which the batch layer writes and serving_view reads. */
public enum BatchRunStatus {
    /**
     * A recompute whose view and cutoff were committed; the only status ever written (a failed recompute rolls back
     * and leaves no row), and the one serving_view reads.
     */
    SUCCEEDED("succeeded");

    private final String sqlValue;

    BatchRunStatus(String sqlValue) {
        this.sqlValue = sqlValue;
    }

    /** The value in the status column. */
    public String sqlValue() {
        return sqlValue;
    }

    static BatchRunStatus fromSqlValue(String value) {
        for (BatchRunStatus status : values()) {
            if (status.sqlValue.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown batch_runs.status: " + value);
    }
}
