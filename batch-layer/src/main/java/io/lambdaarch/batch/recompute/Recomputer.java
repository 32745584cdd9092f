package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.runtime.Transactions;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunStatus;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.TableRewrite;
import io.lambdaarch.common.warehouse.TouchedDays;
import io.lambdaarch.common.warehouse.ViewRollups;
import io.lambdaarch.common.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code recompute} step: {@code cutoff = floor(landed_through, B)}; batch_view is rebuilt from every raw_batch
 * row ingested before the cutoff, one copy per event id; the new view and its batch_runs row commit together, so
 * readers always see a view and the cutoff it was built for, never one without the other; batch_view_day, the day
 * grain, is derived again from the new view in the same transaction ({@link ViewRollups}). The warehouse says how a
 * table is rewritten in one transaction (PostgreSQL in place, Redshift beside it and swapped in).
 */
public final class Recomputer {
    private final Warehouse warehouse;
    private final Ledger ledger;
    private final String topic;
    private final Duration ingestBucket;
    private final CrashPoints crashPoints;
    private final Clock clock;
    private final RecomputeDiagnosis diagnosis;
    private final ViewRollups rollups;

    public Recomputer(Warehouse warehouse, Ledger ledger, String topic, Duration ingestBucket,
            CrashPoints crashPoints, Clock clock) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.ingestBucket = requireNonNull(ingestBucket, "ingestBucket is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.diagnosis = new RecomputeDiagnosis(this.warehouse, TweetView.DEFINITION);
        this.rollups = new ViewRollups(this.warehouse);
    }

    /**
     * Rebuilds batch_view in one transaction; {@code connection} must not auto-commit. A failure that groups too large
     * for batch_view's columns explain becomes a {@link TerseException} naming them ({@link RecomputeDiagnosis}).
     */
    public RecomputeResult recompute(Connection connection, String runId) throws SQLException {
        Instant startedAt = clock.instant();
        Instant cutoff = null;
        try {
            Instant landedThrough = ledger.landingRunsReader().latest(connection, topic).map(LandingRun::landedThrough)
                    .orElseThrow(() -> new TerseException("Nothing to recompute: no landing run of topic " + topic
                            + " has committed yet (run land or run first)"));
            cutoff = IngestBuckets.floor(landedThrough, ingestBucket);
            long rowsIn = countRawRowsBefore(connection, cutoff);
            long rowsOut = replaceBatchView(connection, cutoff);
            // The day grain in the same transaction: committed with the new hours, never apart from them.
            rollups.refresh(connection, TouchedDays.all());
            crashPoints.reached(CrashPoint.DURING_RECOMPUTE);
            Instant finishedAt = clock.instant();
            BatchRun run = new BatchRun(runId, startedAt, finishedAt, cutoff, IngestBuckets.sizeSeconds(ingestBucket), rowsIn,
                    rowsOut, Duration.between(startedAt, finishedAt).toMillis(), BatchRunStatus.SUCCEEDED);
            ledger.batchRunsWriter().insert(connection, run);
            connection.commit();
            return new RecomputeResult(run, landedThrough);
        } catch (SQLException e) {
            Transactions.rollbackAfter(connection, e);
            if (cutoff != null && RecomputeDiagnosis.mayBeOverflow(e)) {
                Optional<String> why = explain(connection, cutoff, e);
                if (why.isPresent()) {
                    throw new TerseException(why.get(), e);
                }
            }
            throw e;
        } catch (RuntimeException e) {
            Transactions.rollbackAfter(connection, e);
            throw e;
        }
    }

    // The diagnosis only reads; if it fails too, the original failure is what the user sees.
    private Optional<String> explain(Connection connection, Instant cutoff, SQLException failure) {
        try {
            return diagnosis.explain(connection, cutoff);
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return Optional.empty();
        } finally {
            Transactions.rollbackAfter(connection, failure);
        }
    }

    /** Rows of raw_batch ingested before {@code cutoff}. */
    private static long countRawRowsBefore(Connection connection, Instant cutoff) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + Tables.RAW_BATCH + " WHERE ingest_time < ?")) {
            query.setObject(1, UtcTimestamps.utc(cutoff));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Replaces batch_view's rows with the view of the raw rows ingested before {@code cutoff}; returns its rows. */
    private long replaceBatchView(Connection connection, Instant cutoff) throws SQLException {
        TableRewrite rewrite = warehouse.rewrite(Tables.BATCH_VIEW);
        execute(connection, rewrite.prepare());
        long rows;
        try (PreparedStatement insert = connection.prepareStatement(RecomputeSql.insertView(warehouse, rewrite.target()))) {
            insert.setObject(1, UtcTimestamps.utc(cutoff));
            rows = insert.executeUpdate();
        }
        execute(connection, rewrite.finish());
        return rows;
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
