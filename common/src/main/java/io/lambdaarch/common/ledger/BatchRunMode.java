package io.lambdaarch.common.ledger;

/** Values of {@code batch_runs.mode}: how a run brought batch_view to its cutoff. */
public enum BatchRunMode {
    /** batch_view rebuilt from every first copy ingested before the cutoff. */
    FULL("full"),
    /** Only the first copies ingested between the previous run's cutoff and this one's added to batch_view. */
    INCREMENTAL("incremental");

    private final String sqlValue;

    BatchRunMode(String sqlValue) {
        this.sqlValue = sqlValue;
    }

    /** The value in the mode column. */
    public String sqlValue() {
        return sqlValue;
    }

    /** The mode of a stored value; NULL is a row written before incremental runs existed, when every run was full. */
    static BatchRunMode fromSqlValue(String value) {
        if (value == null) {
            return FULL;
        }
        for (BatchRunMode mode : values()) {
            if (mode.sqlValue.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown batch_runs.mode: " + value);
    }
}
