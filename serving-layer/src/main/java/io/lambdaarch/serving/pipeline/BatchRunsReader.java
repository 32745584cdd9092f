package io.lambdaarch.serving.pipeline;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.SqlStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads the latest recomputes from batch_runs, newest first. */
public final class BatchRunsReader {
    private final ServingViewSql viewSql;
    private final int queryTimeoutSeconds;

    public BatchRunsReader(ServingViewSql viewSql, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
    }

    /** At most {@code limit} (1 or more) recomputes, newest first. */
    public List<BatchRunRow> latest(Connection connection, int limit) throws SQLException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        String sql = "SELECT run_id, started_at, finished_at, cutoff, rows_in, rows_out, duration_ms, status FROM "
                + viewSql.table(Tables.BATCH_RUNS) + " ORDER BY finished_at DESC, run_id DESC LIMIT " + limit;
        List<BatchRunRow> runs = new ArrayList<>();
        try (PreparedStatement query = SqlStatements.prepare(connection, sql, queryTimeoutSeconds, List.of());
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                runs.add(new BatchRunRow(rs.getString("run_id"), instant(rs, "started_at"), instant(rs, "finished_at"),
                        instant(rs, "cutoff"), rs.getLong("rows_in"), rs.getLong("rows_out"), rs.getLong("duration_ms"),
                        rs.getString("status")));
            }
        }
        return runs;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return SqlStatements.instant(rs.getObject(column, LocalDateTime.class));
    }
}
