package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/** Writes speed_late_rows inside the caller's transaction (the one that commits the micro-batch). */
public final class SpeedLateRowsWriter {
    private final LedgerTables tables;

    public SpeedLateRowsWriter(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    public void insert(Connection connection, SpeedLateRows late) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.speedLateRows()
                + " (query_name, batch_id, first_bucket, last_bucket, detected_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, late.queryName());
            insert.setLong(2, late.batchId());
            insert.setObject(3, utc(late.firstBucket()));
            insert.setObject(4, utc(late.lastBucket()));
            insert.setObject(5, utc(late.detectedAt()));
            insert.executeUpdate();
        }
    }

    /** Forgets the late rows of {@code queryName} (its checkpoint was replaced and speed_view rebuilt). */
    public void deleteAll(Connection connection, String queryName) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.speedLateRows()
                + " WHERE query_name = ?")) {
            delete.setString(1, queryName);
            delete.executeUpdate();
        }
    }

    /**
     * Deletes the rows of {@code queryName} whose buckets all lie before {@code retainedFrom}: speed_view no longer
     * holds those buckets, and an answer whose cutoff is that old already has a gap.
     */
    public void deleteBefore(Connection connection, String queryName, Instant retainedFrom) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.speedLateRows()
                + " WHERE query_name = ? AND last_bucket < ?")) {
            delete.setString(1, queryName);
            delete.setObject(2, utc(retainedFrom));
            delete.executeUpdate();
        }
    }
}
