package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads batch_runs. The latest recompute is the succeeded row with the greatest finished_at (the greatest cutoff
 * among ties); {@link #latestSucceeded} and the SQL that serving_view embeds ({@link #latestCutoffQuery}) choose it
 * alike, so a freshness report and the view always name the same cutoff.
 */
public final class BatchRunsReader {
    private final LedgerTables tables;
    private final Duration queryTimeout;

    public BatchRunsReader(LedgerTables tables, Duration queryTimeout) {
        this.tables = requireNonNull(tables, "tables is null");
        this.queryTimeout = LedgerStatements.checkTimeout(requireNonNull(queryTimeout, "queryTimeout is null"));
    }

    /** Without a query timeout. */
    public BatchRunsReader(LedgerTables tables) {
        this(tables, Duration.ZERO);
    }

    /** The latest successful recompute, if any. */
    public Optional<BatchRun> latestSucceeded(Connection connection) throws SQLException {
        return latestSucceeded(connection, 1).stream().findFirst();
    }

    /** The {@code limit} (at least 1) latest successful recomputes, newest first: the dashboard's run history. */
    public List<BatchRun> latestSucceeded(Connection connection, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        String sql = latestSucceededQuery("run_id, started_at, finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out,"
                + " duration_ms, status, mode", limit);
        List<BatchRun> runs = new ArrayList<>();
        try (PreparedStatement query = LedgerStatements.prepare(connection, sql, queryTimeout);
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                runs.add(new BatchRun(rows.getString("run_id"),
                        UtcTimestamps.instant(rows, "started_at").orElseThrow(),
                        UtcTimestamps.instant(rows, "finished_at").orElseThrow(),
                        UtcTimestamps.instant(rows, "cutoff").orElseThrow(),
                        rows.getLong("ingest_bucket_seconds"), rows.getLong("rows_in"), rows.getLong("rows_out"),
                        rows.getLong("duration_ms"), BatchRunStatus.fromSqlValue(rows.getString("status")),
                        BatchRunMode.fromSqlValue(rows.getString("mode"))));
            }
        }
        return runs;
    }

    /**
     * A query for {@code columns} of the {@code limit} latest successful recomputes, newest first: for a caller that
     * reads the latest run inside a statement of its own (the serving layer reads every ledger row a request needs
     * in one round trip), so the rule that picks it stays here.
     */
    public String latestSucceededQuery(String columns, int limit) {
        return "SELECT " + columns + " FROM " + tables.batchRuns() + " WHERE " + succeeded()
                + " ORDER BY finished_at DESC, cutoff DESC LIMIT " + limit;
    }

    /** When the latest successful full recompute finished (rows without a mode were full), if any. */
    public Optional<Instant> latestFullFinishedAt(Connection connection) throws SQLException {
        String sql = "SELECT MAX(finished_at) AS finished_at FROM " + tables.batchRuns() + " WHERE " + succeeded() + " AND (mode IS NULL OR mode = '"
                + BatchRunMode.FULL.sqlValue() + "')";
        try (PreparedStatement query = LedgerStatements.prepare(connection, sql, queryTimeout);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return UtcTimestamps.instant(rows, "finished_at");
        }
    }

    /** A query with a row when some recompute has succeeded, for {@code EXISTS} in a view. */
    public String anySucceededQuery() {
        return "SELECT 1 FROM " + tables.batchRuns() + " WHERE " + succeeded();
    }

    /** A scalar subquery: the cutoff of the latest successful recompute, NULL before the first one. */
    public String latestCutoffQuery() {
        String runs = tables.batchRuns();
        return "SELECT MAX(cutoff) FROM " + runs + " WHERE " + succeeded()
                + " AND finished_at = (SELECT MAX(finished_at) FROM " + runs + " WHERE " + succeeded() + ")";
    }

    private static String succeeded() {
        return "status = '" + BatchRunStatus.SUCCEEDED.sqlValue() + "'";
    }
}
