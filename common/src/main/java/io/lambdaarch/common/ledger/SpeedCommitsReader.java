package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Reads speed_commits: the micro-batches the speed layer has applied. */
public final class SpeedCommitsReader {
    private static final String COLUMNS = "query_name, query_id, batch_id, committed_at, ingest_watermark, max_ingest_time,"
            + " retained_from, ingest_bucket_seconds, input_rows, invalid_rows, rows_upserted, next_offsets";

    private final LedgerTables tables;
    private final Duration queryTimeout;

    public SpeedCommitsReader(LedgerTables tables, Duration queryTimeout) {
        this.tables = requireNonNull(tables, "tables is null");
        this.queryTimeout = LedgerStatements.checkTimeout(requireNonNull(queryTimeout, "queryTimeout is null"));
    }

    /** Without a query timeout. */
    public SpeedCommitsReader(LedgerTables tables) {
        this(tables, Duration.ZERO);
    }

    /** The newest commit of any query, by commit time (then batch id), if any: what the serving layer reports. */
    public Optional<SpeedCommit> latest(Connection connection) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, latestQuery(COLUMNS), queryTimeout)) {
            return first(query);
        }
    }

    /**
     * A query for {@code columns} of the newest commit (the row {@link #latest} reads), for a caller that reads it
     * inside a statement of its own.
     */
    public String latestQuery(String columns) {
        return "SELECT " + columns + " FROM " + tables.speedCommits() + " ORDER BY committed_at DESC, batch_id DESC LIMIT 1";
    }

    /** The commit of {@code queryName} with the greatest batch id, if any. */
    public Optional<SpeedCommit> latestOf(Connection connection, String queryName) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, "SELECT " + COLUMNS + " FROM "
                + tables.speedCommits() + " WHERE query_name = ? ORDER BY batch_id DESC LIMIT 1", queryTimeout)) {
            query.setString(1, queryName);
            return first(query);
        }
    }

    /** The commit of batch {@code batchId} of {@code queryName}, if it is still kept. */
    public Optional<SpeedCommit> find(Connection connection, String queryName, long batchId) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, "SELECT " + COLUMNS + " FROM "
                + tables.speedCommits() + " WHERE query_name = ? AND batch_id = ?", queryTimeout)) {
            query.setString(1, queryName);
            query.setLong(2, batchId);
            return first(query);
        }
    }

    private static Optional<SpeedCommit> first(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new SpeedCommit(
                    rows.getString("query_name"),
                    rows.getString("query_id"),
                    rows.getLong("batch_id"),
                    UtcTimestamps.instant(rows, "committed_at").orElseThrow(),
                    UtcTimestamps.instant(rows, "ingest_watermark"),
                    UtcTimestamps.instant(rows, "max_ingest_time"),
                    UtcTimestamps.instant(rows, "retained_from"),
                    rows.getLong("ingest_bucket_seconds"),
                    rows.getLong("input_rows"),
                    rows.getLong("invalid_rows"),
                    rows.getLong("rows_upserted"),
                    Optional.ofNullable(rows.getString("next_offsets"))));
        }
    }
}
