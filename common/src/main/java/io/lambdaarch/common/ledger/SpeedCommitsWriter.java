package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** Writes speed_commits inside the caller's transaction (the one that applies the micro-batch to speed_view). */
public final class SpeedCommitsWriter {
    private final LedgerTables tables;

    public SpeedCommitsWriter(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** Records an applied micro-batch. */
    public void insert(Connection connection, SpeedCommit commit) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.speedCommits()
                + " (query_name, query_id, batch_id, committed_at, ingest_watermark, max_ingest_time, retained_from,"
                + " ingest_bucket_seconds, input_rows, invalid_rows, rows_upserted, next_offsets)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, commit.queryName());
            insert.setString(2, commit.queryId());
            insert.setLong(3, commit.batchId());
            insert.setObject(4, utc(commit.committedAt()));
            setTimestamp(insert, 5, commit.ingestWatermark());
            setTimestamp(insert, 6, commit.maxIngestTime());
            setTimestamp(insert, 7, commit.retainedFrom());
            insert.setLong(8, commit.ingestBucketSeconds());
            insert.setLong(9, commit.inputRows());
            insert.setLong(10, commit.invalidRows());
            insert.setLong(11, commit.rowsUpserted());
            if (commit.nextOffsets().isPresent()) {
                insert.setString(12, commit.nextOffsets().get());
            } else {
                insert.setNull(12, Types.VARCHAR);
            }
            insert.executeUpdate();
        }
    }

    /** Forgets every commit of {@code queryName} (its checkpoint was replaced). */
    public void deleteAll(Connection connection, String queryName) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.speedCommits() + " WHERE query_name = ?")) {
            delete.setString(1, queryName);
            delete.executeUpdate();
        }
    }

    /** Deletes the commits of {@code queryName} before batch {@code batchId} that committed before {@code before}. */
    public void deleteOlder(Connection connection, String queryName, long batchId, Instant before) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.speedCommits()
                + " WHERE query_name = ? AND batch_id < ? AND committed_at < ?")) {
            delete.setString(1, queryName);
            delete.setLong(2, batchId);
            delete.setObject(3, utc(before));
            delete.executeUpdate();
        }
    }

    private static void setTimestamp(PreparedStatement statement, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            statement.setObject(index, utc(value.get()));
        } else {
            // A typed null keeps both drivers happy.
            statement.setNull(index, Types.TIMESTAMP);
        }
    }
}
