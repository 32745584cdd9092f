package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * What the batch layer recorded about its own runs: landing_runs and batch_runs hold each run's counts and times,
 * measured by the job around its work (JVM start-up and configuration excluded).
 */
public final class BatchRunsReader {
    private final WarehouseConnector connector;

    public BatchRunsReader(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    /**
     * The latest landing run.
     *
     * @param validRecords rows it loaded into raw_batch
     * @param took from its start to its commit
     */
    public record Landing(long validRecords, Duration took) {
    }

    /**
     * The latest recompute.
     *
     * @param rowsIn raw rows it read
     * @param rowsOut view rows it wrote
     * @param took its own duration
     */
    public record Recompute(long rowsIn, long rowsOut, Duration took) {
    }

    public Landing latestLanding() throws SQLException {
        try (Connection connection = connector.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT valid_records, started_at, finished_at FROM " + Tables.LANDING_RUNS
                        + " ORDER BY finished_at DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new SQLException(Tables.LANDING_RUNS + " is empty: the landing run recorded nothing");
            }
            return new Landing(rs.getLong(1), Duration.between(instant(rs, 2), instant(rs, 3)));
        }
    }

    public Recompute latestRecompute() throws SQLException {
        try (Connection connection = connector.open(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT rows_in, rows_out, duration_ms FROM " + Tables.BATCH_RUNS
                        + " WHERE status = 'succeeded' ORDER BY finished_at DESC LIMIT 1")) {
            if (!rs.next()) {
                throw new SQLException(Tables.BATCH_RUNS + " has no succeeded run: the recompute recorded nothing");
            }
            return new Recompute(rs.getLong(1), rs.getLong(2), Duration.ofMillis(rs.getLong(3)));
        }
    }

    private static java.time.Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
