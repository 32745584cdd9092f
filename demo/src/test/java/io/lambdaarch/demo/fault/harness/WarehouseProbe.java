package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the layers' bookkeeping tables, as an operator would with psql, to check what a fault left behind. */
public final class WarehouseProbe {
    /** Opens a connection to the sandbox's database. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final Connections connections;

    public WarehouseProbe(Connections connections) {
        this.connections = requireNonNull(connections, "connections is null");
    }

    /**
     * What the batch layer has committed: landed offsets per partition, runs and records in landing_runs, and the rows
     * of raw_batch.
     */
    public record Landing(Map<Integer, Long> nextOffsets, long runs, long validRecords, long invalidRecords, long rawRows) {
        public Landing {
            nextOffsets = Map.copyOf(nextOffsets);
        }

        /** Records landed, by the offsets: every landed offset is one record (the topic starts at offset 0). */
        public long landedOffsets() {
            return nextOffsets.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public Landing landing() throws SQLException {
        try (Connection connection = connections.open()) {
            Map<Integer, Long> offsets = new TreeMap<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT kafka_partition, next_offset FROM landing_offsets");
                    ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                }
            }
            long runs;
            long valid;
            long invalid;
            try (PreparedStatement statement = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(valid_records), 0),"
                    + " COALESCE(SUM(invalid_records), 0) FROM landing_runs");
                    ResultSet rs = statement.executeQuery()) {
                rs.next();
                runs = rs.getLong(1);
                valid = rs.getLong(2);
                invalid = rs.getLong(3);
            }
            return new Landing(offsets, runs, valid, invalid, single(connection, "SELECT COUNT(*) FROM " + Tables.RAW_BATCH));
        }
    }

    /** Valid and invalid records of the latest landing run. */
    public record LandingRun(long validRecords, long invalidRecords) {
    }

    public LandingRun latestLandingRun() throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement("SELECT valid_records, invalid_records FROM "
                        + "landing_runs ORDER BY finished_at DESC LIMIT 1");
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("No landing run yet");
            }
            return new LandingRun(rs.getLong(1), rs.getLong(2));
        }
    }

    /** Successful recomputes so far. */
    public long recomputes() throws SQLException {
        try (Connection connection = connections.open()) {
            return single(connection, "SELECT COUNT(*) FROM batch_runs WHERE status = 'succeeded'");
        }
    }

    /** The speed layer's latest committed micro-batch id, or -1 before the first. */
    public long latestSpeedBatch() throws SQLException {
        try (Connection connection = connections.open()) {
            return single(connection, "SELECT COALESCE(MAX(batch_id), -1) FROM speed_commits");
        }
    }

    /** How many micro-batches recorded records behind the speed layer's watermark (speed_late_rows). */
    public long speedLateBatches() throws SQLException {
        try (Connection connection = connections.open()) {
            return single(connection, "SELECT COUNT(*) FROM speed_late_rows");
        }
    }

    /** Records the speed layer read and found invalid in its micro-batches after {@code batchId}. */
    public record SpeedRecords(long input, long invalid) {
    }

    public SpeedRecords speedRecordsAfter(long batchId) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement("SELECT COALESCE(SUM(input_rows), 0),"
                        + " COALESCE(SUM(invalid_rows), 0) FROM speed_commits WHERE batch_id > ?")) {
            statement.setLong(1, batchId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new SpeedRecords(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    /**
     * The application name of the session holding the batch job's advisory lock (batch-layer's BatchLock
     * names its session {@code lambda-batch <run id>}), if one does.
     */
    public Optional<String> batchLockHolder() throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement statement = connection.prepareStatement("SELECT a.application_name FROM pg_locks l"
                        + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        + " AND a.datname = current_database() AND a.application_name LIKE 'lambda-batch %'");
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /** Sessions of this database waiting for a table lock (a heavyweight lock not yet granted). */
    public long sessionsWaitingForTableLocks() throws SQLException {
        try (Connection connection = connections.open()) {
            return single(connection, "SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'relation' AND NOT l.granted AND a.datname = current_database()");
        }
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
