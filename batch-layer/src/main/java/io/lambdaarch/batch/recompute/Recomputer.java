package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.jdbc.BatchWarehouse;
import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunStatus;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.sql.SqlDialect;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.TweetView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The {@code recompute} step: {@code cutoff = floor(landed_through, B)}; batch_view is rebuilt from every raw_batch
 * row ingested before the cutoff, one copy per event id; the new view and its batch_runs row commit together, so
 * readers always see a view and the cutoff it was built for, never one without the other.
 */
public final class Recomputer {
    private final BatchWarehouse warehouse;
    private final Ledger ledger;
    private final String topic;
    private final Duration ingestBucket;
    private final CrashPoints crashPoints;
    private final Clock clock;
    private final RecomputeDiagnosis diagnosis;

    public Recomputer(BatchWarehouse warehouse, Ledger ledger, String topic, Duration ingestBucket,
            CrashPoints crashPoints, Clock clock, SqlDialect dialect) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.ingestBucket = requireNonNull(ingestBucket, "ingestBucket is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.diagnosis = new RecomputeDiagnosis(requireNonNull(dialect, "dialect is null"), TweetView.DEFINITION);
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
            long rowsOut = warehouse.replaceBatchView(connection, cutoff);
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
}
