package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Reads landing_runs: the committed landing runs and their landed_through. */
public final class LandingRunsReader {
    private static final String COLUMNS =
            "run_id, topic, started_at, finished_at, landed_through, valid_records, invalid_records, files, bytes";

    private final LedgerTables tables;
    private final Duration queryTimeout;

    public LandingRunsReader(LedgerTables tables, Duration queryTimeout) {
        this.tables = requireNonNull(tables, "tables is null");
        this.queryTimeout = LedgerStatements.checkTimeout(requireNonNull(queryTimeout, "queryTimeout is null"));
    }

    /** Without a query timeout. */
    public LandingRunsReader(LedgerTables tables) {
        this(tables, Duration.ZERO);
    }

    /** The landing run of {@code topic} with the latest landed_through (the newest among ties), if any. */
    public Optional<LandingRun> latest(Connection connection, String topic) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, "SELECT " + COLUMNS + " FROM " + tables.landingRuns()
                + " WHERE topic = ? ORDER BY landed_through DESC, finished_at DESC LIMIT 1", queryTimeout)) {
            query.setString(1, topic);
            return first(query);
        }
    }

    /** The landing run that finished last, of any topic, if any. */
    public Optional<LandingRun> lastFinished(Connection connection) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, "SELECT " + COLUMNS + " FROM " + tables.landingRuns()
                + " ORDER BY finished_at DESC LIMIT 1", queryTimeout)) {
            return first(query);
        }
    }

    /** How many valid records all landing runs of {@code topic} put into raw_batch. */
    public long landedValidRecords(Connection connection, String topic) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection,
                "SELECT COALESCE(SUM(valid_records), 0) FROM " + tables.landingRuns() + " WHERE topic = ?", queryTimeout)) {
            query.setString(1, topic);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Optional<LandingRun> first(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new LandingRun(rows.getString("run_id"), rows.getString("topic"),
                    UtcTimestamps.instant(rows, "started_at").orElseThrow(),
                    UtcTimestamps.instant(rows, "finished_at").orElseThrow(),
                    UtcTimestamps.instant(rows, "landed_through").orElseThrow(),
                    rows.getLong("valid_records"), rows.getLong("invalid_records"), rows.getInt("files"),
                    rows.getLong("bytes")));
        }
    }
}
