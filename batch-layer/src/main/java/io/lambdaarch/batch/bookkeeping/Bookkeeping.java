package io.lambdaarch.batch.bookkeeping;

import io.lambdaarch.common.sql.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The batch layer's bookkeeping tables (landing_offsets, landing_runs, batch_runs) in SQL that PostgreSQL and
 * Redshift both accept. Every method works inside the caller's transaction; none commits.
 */
public final class Bookkeeping {

    /** The landed offsets of {@code topic}. */
    public LandingState readOffsets(Connection connection, String topic) throws SQLException {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        Optional<String> topicId = Optional.empty();
        try (PreparedStatement query = connection.prepareStatement("SELECT kafka_partition, next_offset, topic_id FROM "
                + Tables.LANDING_OFFSETS + " WHERE topic = ? ORDER BY kafka_partition")) {
            query.setString(1, topic);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    offsets.put(rows.getInt(1), rows.getLong(2));
                    if (rows.getString(3) != null) {
                        topicId = Optional.of(rows.getString(3));
                    }
                }
            }
        }
        return new LandingState(offsets, topicId);
    }

    /** Replaces the landed offsets of {@code topic} with {@code nextOffsets} (every partition of the topic). */
    public void writeOffsets(Connection connection, String topic, String topicId, Map<Integer, Long> nextOffsets, Instant now)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + Tables.LANDING_OFFSETS + " WHERE topic = ?")) {
            delete.setString(1, topic);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + Tables.LANDING_OFFSETS
                + " (topic, kafka_partition, next_offset, updated_at, topic_id) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Integer, Long> entry : nextOffsets.entrySet()) {
                insert.setString(1, topic);
                insert.setInt(2, entry.getKey());
                insert.setLong(3, entry.getValue());
                insert.setObject(4, utc(now));
                insert.setString(5, topicId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Records a landing run. */
    public void insertLandingRun(Connection connection, LandingRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + Tables.LANDING_RUNS
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

    /** The newest landing run of {@code topic}, if any. */
    public Optional<LandingRun> latestLandingRun(Connection connection, String topic) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT run_id, topic, started_at, finished_at, landed_through,"
                + " valid_records, invalid_records, files, bytes FROM " + Tables.LANDING_RUNS
                + " WHERE topic = ? ORDER BY landed_through DESC, finished_at DESC LIMIT 1")) {
            query.setString(1, topic);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new LandingRun(rows.getString(1), rows.getString(2), instant(rows, 3), instant(rows, 4),
                        instant(rows, 5), rows.getLong(6), rows.getLong(7), rows.getInt(8), rows.getLong(9)));
            }
        }
    }

    /** How many valid records all landing runs of {@code topic} put into raw_batch. */
    public long landedValidRecords(Connection connection, String topic) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COALESCE(SUM(valid_records), 0) FROM " + Tables.LANDING_RUNS + " WHERE topic = ?")) {
            query.setString(1, topic);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Records a recompute. */
    public void insertBatchRun(Connection connection, BatchRun run) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + Tables.BATCH_RUNS
                + " (run_id, started_at, finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out, duration_ms, status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, run.runId());
            insert.setObject(2, utc(run.startedAt()));
            insert.setObject(3, utc(run.finishedAt()));
            insert.setObject(4, utc(run.cutoff()));
            insert.setLong(5, run.ingestBucketSeconds());
            insert.setLong(6, run.rowsIn());
            insert.setLong(7, run.rowsOut());
            insert.setLong(8, run.durationMs());
            insert.setString(9, run.status());
            insert.executeUpdate();
        }
    }

    /** The newest recompute, if any. */
    public Optional<BatchRun> latestBatchRun(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT run_id, started_at, finished_at, cutoff,"
                + " ingest_bucket_seconds, rows_in, rows_out, duration_ms, status FROM " + Tables.BATCH_RUNS
                + " ORDER BY finished_at DESC LIMIT 1");
                ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new BatchRun(rows.getString(1), instant(rows, 2), instant(rows, 3), instant(rows, 4),
                    rows.getLong(5), rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getString(9)));
        }
    }

    /** Rows of raw_batch ingested before {@code cutoff}. */
    public long countRawRowsBefore(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + Tables.RAW_BATCH + " WHERE ingest_time < ?")) {
            query.setObject(1, utc(cutoff));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A TIMESTAMP (without time zone) parameter holding UTC, as the schema stores every time. */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
