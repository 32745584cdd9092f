package io.lambdaarch.speed;

import io.lambdaarch.speed.jdbc.SpeedBatchResult;

/** Running totals of one run of the job, for the line it prints when it stops. Used on the query thread only. */
public final class SpeedRunSummary {
    private long batchesApplied;
    private long batchesSkipped;
    private long records;
    private long invalidRecords;
    private long rowsUpserted;

    void add(SpeedBatchResult commit, RecordCounts counts) {
        if (commit.applied()) {
            batchesApplied++;
            records += counts.total();
            invalidRecords += counts.invalidTotal();
            rowsUpserted += commit.rowsUpserted();
        } else {
            batchesSkipped++;
        }
    }

    /** One line, e.g. {@code 3 batches committed (1 skipped as already committed), 1200 records (4 invalid), 96 rows upserted}. */
    public String describe() {
        return String.format("%d batches committed (%d skipped as already committed), %d records (%d invalid), %d rows upserted",
                batchesApplied, batchesSkipped, records, invalidRecords, rowsUpserted);
    }
}
