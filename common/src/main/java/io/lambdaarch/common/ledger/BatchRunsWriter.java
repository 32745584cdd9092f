package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes batch_runs inside the caller's transaction (the one that swaps in the batch view the run built). */
public final class BatchRunsWriter {
    private final LedgerTables tables;

    public BatchRunsWriter(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** Records a recompute. */
    public void insert(Connection connection, BatchRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.batchRuns()
                + " (run_id, started_at, finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out, duration_ms, status,"
                + " mode) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, run.runId());
            insert.setObject(2, utc(run.startedAt()));
            insert.setObject(3, utc(run.finishedAt()));
            insert.setObject(4, utc(run.cutoff()));
            insert.setLong(5, run.ingestBucketSeconds());
            insert.setLong(6, run.rowsIn());
            insert.setLong(7, run.rowsOut());
            insert.setLong(8, run.durationMs());
            insert.setString(9, run.status().sqlValue());
            insert.setString(10, run.mode().sqlValue());
            insert.executeUpdate();
        }
    }
}
