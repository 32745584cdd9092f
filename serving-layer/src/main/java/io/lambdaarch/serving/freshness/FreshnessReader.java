package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.SqlStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;

/** Reads the bookkeeping of both layers: the latest recompute, the latest speed commit, the oldest speed bucket. */
public final class FreshnessReader {
    private final ServingViewSql viewSql;
    private final int queryTimeoutSeconds;

    public FreshnessReader(ServingViewSql viewSql, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
    }

    public WarehouseFreshness read(Connection connection) throws SQLException {
        Optional<LatestSpeedCommit> commit = latestCommit(connection);
        // speed_view's oldest bucket only stands in for retained_from, which every current speed job records; the
        // MIN over speed_view is then a query per request for nothing.
        Optional<Instant> oldestBucket = commit.flatMap(LatestSpeedCommit::retainedFrom).isPresent()
                ? Optional.empty() : oldestBucket(connection);
        return new WarehouseFreshness(latestRun(connection), commit, oldestBucket);
    }

    private Optional<LatestBatchRun> latestRun(Connection connection) throws SQLException {
        try (PreparedStatement query = prepare(connection, viewSql.latestRunQuery());
                ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new LatestBatchRun(rs.getString("run_id"), timestamp(rs, "finished_at"),
                    timestamp(rs, "cutoff")));
        }
    }

    /** The speed layer's latest commit (by commit time), if any. */
    public Optional<LatestSpeedCommit> latestCommit(Connection connection) throws SQLException {
        String sql = "SELECT query_name, batch_id, committed_at, max_ingest_time, retained_from, next_offsets FROM "
                + viewSql.table(Tables.SPEED_COMMITS) + " ORDER BY committed_at DESC, batch_id DESC LIMIT 1";
        try (PreparedStatement query = prepare(connection, sql); ResultSet rs = query.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new LatestSpeedCommit(
                    rs.getString("query_name"),
                    rs.getLong("batch_id"),
                    timestamp(rs, "committed_at"),
                    Optional.ofNullable(timestamp(rs, "max_ingest_time")),
                    Optional.ofNullable(timestamp(rs, "retained_from")),
                    Optional.ofNullable(rs.getString("next_offsets"))));
        }
    }

    private Optional<Instant> oldestBucket(Connection connection) throws SQLException {
        String sql = "SELECT MIN(" + TweetView.INGEST_BUCKET + ") AS oldest FROM " + viewSql.table(Tables.SPEED_VIEW);
        try (PreparedStatement query = prepare(connection, sql); ResultSet rs = query.executeQuery()) {
            rs.next();
            return Optional.ofNullable(timestamp(rs, "oldest"));
        }
    }

    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        return SqlStatements.prepare(connection, sql, queryTimeoutSeconds, List.of());
    }

    private static Instant timestamp(ResultSet rs, String column) throws SQLException {
        return SqlStatements.instant(rs.getObject(column, LocalDateTime.class));
    }
}
