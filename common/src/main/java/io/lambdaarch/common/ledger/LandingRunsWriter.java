package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Writes landing_runs inside the caller's transaction (the one that COPYs the run's data). */
public final class LandingRunsWriter {
    private final LedgerTables tables;

    public LandingRunsWriter(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** Records a landing run. */
    public void insert(Connection connection, LandingRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.landingRuns()
                + " (run_id, topic, started_at, finished_at, landed_through, valid_records, invalid_records, files, bytes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, run.runId());
            insert.setString(2, run.topic());
            insert.setObject(3, utc(run.startedAt()));
            insert.setObject(4, utc(run.finishedAt()));
            insert.setObject(5, utc(run.landedThrough()));
            insert.setLong(6, run.validRecords());
            insert.setLong(7, run.invalidRecords());
            insert.setInt(8, run.files());
            insert.setLong(9, run.bytes());
            insert.executeUpdate();
        }
    }
}
