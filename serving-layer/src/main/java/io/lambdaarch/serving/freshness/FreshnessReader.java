package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedCommitsReader;
import io.lambdaarch.common.ledger.SpeedLateRowsReader;
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

/**
 * Reads the bookkeeping of both layers: the latest recompute, the latest speed commit, the oldest speed bucket, the
 * newest bucket the speed layer dropped late records in.
 */
public final class FreshnessReader {
    private final ServingViewSql viewSql;
    private final int queryTimeoutSeconds;
    private final BatchRunsReader batchRuns;
    private final SpeedCommitsReader speedCommits;
    private final SpeedLateRowsReader lateRows;

    public FreshnessReader(ServingViewSql viewSql, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
        LedgerTables tables = viewSql.ledgerTables();
        this.batchRuns = new BatchRunsReader(tables, queryTimeout);
        this.speedCommits = new SpeedCommitsReader(tables, queryTimeout);
        this.lateRows = new SpeedLateRowsReader(tables, queryTimeout);
    }

    public WarehouseFreshness read(Connection connection) throws SQLException {
        Optional<LatestSpeedCommit> commit = latestCommit(connection);
        // speed_view's oldest bucket only stands in for retained_from, which every current speed job records; the
        // MIN over speed_view is then a query per request for nothing.
        Optional<Instant> oldestBucket = commit.flatMap(LatestSpeedCommit::retainedFrom).isPresent()
                ? Optional.empty() : oldestBucket(connection);
        return new WarehouseFreshness(latestRun(connection), commit, oldestBucket, lateRows.newestLateBucket(connection));
    }

    /** The latest successful recompute, chosen as serving_view chooses it. */
    private Optional<LatestBatchRun> latestRun(Connection connection) throws SQLException {
        return batchRuns.latestSucceeded(connection)
                .map(run -> new LatestBatchRun(run.runId(), run.finishedAt(), run.cutoff()));
    }

    /** The speed layer's latest commit (by commit time), if any. */
    public Optional<LatestSpeedCommit> latestCommit(Connection connection) throws SQLException {
        return speedCommits.latest(connection)
                .map(commit -> new LatestSpeedCommit(commit.queryName(), commit.batchId(), commit.committedAt(),
                        commit.maxIngestTime(), commit.retainedFrom(), commit.nextOffsets()));
    }

    private Optional<Instant> oldestBucket(Connection connection) throws SQLException {
        String sql = "SELECT MIN(" + TweetView.INGEST_BUCKET + ") AS oldest FROM " + viewSql.table(Tables.SPEED_VIEW);
        try (PreparedStatement query = SqlStatements.prepare(connection, sql, queryTimeoutSeconds, List.of());
                ResultSet rs = query.executeQuery()) {
            rs.next();
            return Optional.ofNullable(SqlStatements.instant(rs.getObject("oldest", LocalDateTime.class)));
        }
    }
}
