package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedCommitsReader;
import io.lambdaarch.common.ledger.SpeedLateRowsReader;
import io.lambdaarch.common.ledger.ViewDefinitionState;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.sql.UtcTimestamps;
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
import java.util.List;
import java.util.Optional;

/**
 * Reads the bookkeeping of both layers: the latest recompute, the latest speed commit, the oldest speed bucket, the
 * newest bucket the speed layer dropped late records in, and the batch layer's record of the view asked about.
 */
public final class FreshnessReader {
    private final int queryTimeoutSeconds;
    private final BatchRunsReader batchRuns;
    private final SpeedCommitsReader speedCommits;
    private final String ledgerSql;

    public FreshnessReader(ServingViewSql viewSql, Duration queryTimeout) {
        requireNonNull(viewSql, "viewSql is null");
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
        LedgerTables tables = viewSql.ledgerTables();
        this.batchRuns = new BatchRunsReader(tables, queryTimeout);
        this.speedCommits = new SpeedCommitsReader(tables, queryTimeout);
        this.ledgerSql = ledgerSql(viewSql, batchRuns, speedCommits, new SpeedLateRowsReader(tables, queryTimeout),
                new ViewDefinitions(tables));
    }

    /** Both layers' progress, in one statement (see {@link #read(Connection, String)}). */
    public WarehouseFreshness read(Connection connection) throws SQLException {
        return read(connection, "").warehouse();
    }

    /**
     * Both layers' progress and view {@code viewName}'s view_definitions row, in one statement: one round trip per
     * request instead of one per ledger table (on two cores, each round trip is a wait for the warehouse's process to
     * get a core). A single statement sees one snapshot, as the request's transaction does.
     */
    public LedgerReading read(Connection connection, String viewName) throws SQLException {
        try (PreparedStatement query = SqlStatements.prepare(connection, ledgerSql, queryTimeoutSeconds, List.of(viewName));
                ResultSet rs = query.executeQuery()) {
            rs.next();
            Optional<LatestBatchRun> run = Optional.empty();
            String runId = rs.getString("run_id");
            if (runId != null) {
                run = Optional.of(new LatestBatchRun(runId, instant(rs, "run_finished_at"), instant(rs, "run_cutoff")));
            }
            Optional<LatestSpeedCommit> commit = Optional.empty();
            String queryName = rs.getString("commit_query_name");
            if (queryName != null) {
                commit = Optional.of(new LatestSpeedCommit(queryName, rs.getLong("commit_batch_id"),
                        instant(rs, "commit_committed_at"), UtcTimestamps.instant(rs, "commit_max_ingest_time"),
                        UtcTimestamps.instant(rs, "commit_retained_from"),
                        Optional.ofNullable(rs.getString("commit_next_offsets"))));
            }
            Optional<ViewDefinitionState> definition = ViewDefinitions.state(viewName, rs.getString("definition_fingerprint"),
                    rs.getString("definition_state"), UtcTimestamps.instant(rs, "definition_since"));
            WarehouseFreshness warehouse = new WarehouseFreshness(run, commit,
                    UtcTimestamps.instant(rs, "oldest_bucket"), UtcTimestamps.instant(rs, "newest_late_bucket"));
            return new LedgerReading(warehouse, definition);
        }
    }

    // One row whatever the ledger holds: the late buckets' MAX always has one, the rest join to it. speed_view's oldest
    // bucket only stands in for retained_from, which every current speed job records, so it is read only without one
    // (PostgreSQL evaluates the uncorrelated subquery only when the CASE reaches it).
    private static String ledgerSql(ServingViewSql viewSql, BatchRunsReader batchRuns, SpeedCommitsReader speedCommits,
            SpeedLateRowsReader lateRows, ViewDefinitions definitions) {
        return "SELECT r.run_id, r.finished_at AS run_finished_at, r.cutoff AS run_cutoff,"
                + " c.query_name AS commit_query_name, c.batch_id AS commit_batch_id, c.committed_at AS commit_committed_at,"
                + " c.max_ingest_time AS commit_max_ingest_time, c.retained_from AS commit_retained_from,"
                + " c.next_offsets AS commit_next_offsets, l.newest_late_bucket,"
                + " d.fingerprint AS definition_fingerprint, d.state AS definition_state, d.since AS definition_since,"
                + " CASE WHEN c.retained_from IS NULL THEN (SELECT MIN(" + TweetView.INGEST_BUCKET + ") FROM "
                + viewSql.table(Tables.SPEED_VIEW) + ") END AS oldest_bucket"
                + " FROM (" + lateRows.newestLateBucketQuery("newest_late_bucket") + ") l"
                + " LEFT JOIN (" + batchRuns.latestSucceededQuery("run_id, finished_at, cutoff", 1) + ") r ON 1 = 1"
                + " LEFT JOIN (" + speedCommits.latestQuery("query_name, batch_id, committed_at, max_ingest_time,"
                        + " retained_from, next_offsets") + ") c ON 1 = 1"
                + " LEFT JOIN (" + definitions.findQuery("fingerprint, state, since") + ") d ON 1 = 1";
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return UtcTimestamps.instant(rs, column).orElseThrow();
    }

    /** The speed layer's latest commit (by commit time), if any. */
    public Optional<LatestSpeedCommit> latestCommit(Connection connection) throws SQLException {
        return speedCommits.latest(connection)
                .map(commit -> new LatestSpeedCommit(commit.queryName(), commit.batchId(), commit.committedAt(),
                        commit.maxIngestTime(), commit.retainedFrom(), commit.nextOffsets()));
    }
}
