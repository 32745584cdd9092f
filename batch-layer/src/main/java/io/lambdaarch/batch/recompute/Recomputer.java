package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.runtime.Transactions;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
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
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code recompute} step: {@code cutoff = floor(landed_through, B)}, then batch_view is brought to that cutoff from
 * the first-copy index, in one transaction with the new batch_runs row, so readers always see a view and the cutoff
 * it was built for, never one without the other and never half a run.
 *
 * <ul>
 *   <li><b>Incremental</b> (the usual run): the first copies ingested between the previous run's cutoff and this one
 *       are aggregated into a delta, which is added to batch_view. Its cost follows the new data, not the history.
 *   <li><b>Full</b> ({@code --full}, the first run, and every {@code LAMBDA_BATCH_FULL_RECOMPUTE_EVERY}): batch_view's
 *       rows are deleted and every first copy ingested before the cutoff aggregated again, in the same transaction.
 * </ul>
 *
 * Both give the same view: a copy landed after a run always has an ingest time at or after that run's cutoff (the
 * landed_through guarantee), so the first copies before a cutoff never change once a run has read them
 * (docs/batch-layer.md#incremental-runs). batch_view_day, the day grain, is derived again for the days the run touched
 * (all of them after a full run) in the same transaction ({@link ViewRollups}).
 */
public final class Recomputer {
    private final Warehouse warehouse;
    private final Ledger ledger;
    private final String topic;
    private final Duration ingestBucket;
    private final Duration fullEvery;
    private final CrashPoints crashPoints;
    private final Clock clock;
    private final RecomputeDiagnosis diagnosis;
    private final ViewRollups rollups;
    private final RunStatements statements;

    public Recomputer(Warehouse warehouse, Ledger ledger, String topic, Duration ingestBucket, Duration fullEvery,
            CrashPoints crashPoints, Clock clock) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.ingestBucket = requireNonNull(ingestBucket, "ingestBucket is null");
        this.fullEvery = requireNonNull(fullEvery, "fullEvery is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.diagnosis = new RecomputeDiagnosis(this.warehouse, TweetView.DEFINITION);
        this.rollups = new ViewRollups(this.warehouse);
        this.statements = RunStatements.of(this.warehouse);
    }

    /**
     * Brings batch_view to the latest cutoff in one transaction, incrementally unless {@code forceFull} or a full
     * recompute is due ({@link RunModeChoice}); {@code connection} must not auto-commit. A failure that groups too
     * large for batch_view's columns explain becomes a {@link TerseException} naming them ({@link RecomputeDiagnosis}).
     */
    public RecomputeResult recompute(Connection connection, String runId, boolean forceFull) throws SQLException {
        Instant startedAt = clock.instant();
        Instant cutoff = null;
        try {
            Instant landedThrough = ledger.landingRunsReader().latest(connection, topic).map(LandingRun::landedThrough)
                    .orElseThrow(() -> new TerseException("Nothing to recompute: no landing run of topic " + topic
                            + " has committed yet (run land or run first)"));
            cutoff = IngestBuckets.floor(landedThrough, ingestBucket);
            Optional<BatchRun> previous = ledger.batchRunsReader().latestSucceeded(connection);
            RunModeChoice choice = RunModeChoice.choose(forceFull, previous, cutoff,
                    ledger.batchRunsReader().latestFullFinishedAt(connection), startedAt, fullEvery,
                    BatchConfig.FULL_RECOMPUTE_EVERY.name());
            Fold fold = switch (choice.mode()) {
                case FULL -> replaceBatchView(connection, cutoff);
                case INCREMENTAL -> addDelta(connection, previous.orElseThrow().cutoff(), cutoff);
            };
            // batch_view has changed and fold.days() says which days: the day grain is derived again here, in this
            // transaction, before the batch_runs row makes the run visible; never apart from the hours.
            if (!fold.days().isEmpty()) {
                rollups.refresh(connection, fold.days());
            }
            crashPoints.reached(choice.mode() == BatchRunMode.FULL ? CrashPoint.DURING_RECOMPUTE : CrashPoint.DURING_INCREMENTAL);
            Instant finishedAt = clock.instant();
            BatchRun run = new BatchRun(runId, startedAt, finishedAt, cutoff, IngestBuckets.sizeSeconds(ingestBucket),
                    fold.rowsIn(), fold.rowsOut(), Duration.between(startedAt, finishedAt).toMillis(), BatchRunStatus.SUCCEEDED,
                    choice.mode());
            ledger.batchRunsWriter().insert(connection, run);
            connection.commit();
            return new RecomputeResult(run, landedThrough, choice.reason(), fold.change());
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

    /** What a run read and wrote: first copies in, view rows out (all of them, or the delta's), and what changed. */
    private record Fold(long rowsIn, long rowsOut, BatchViewChange change, TouchedDays days) {
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

    /**
     * Full: batch_view's rows replaced, in place, by the view of every first copy ingested before {@code cutoff}. One
     * pass over the first copies, a CREATE TABLE AS SELECT ... GROUP BY into a temporary table, whose few rows then
     * replace batch_view's; the first copies read are the sum of those rows' tweet_count, not a COUNT(*) pass of their
     * own (docs/batch-layer.md#what-a-full-recompute-costs).
     */
    private Fold replaceBatchView(Connection connection, Instant cutoff) throws SQLException {
        TableRewrite rewrite = statements.fullRewrite();
        long rows;
        long rowsIn;
        try (Statement statement = connection.createStatement()) {
            statement.execute(statements.createFull(cutoff));
            try (ResultSet events = statement.executeQuery(statements.eventsInFull())) {
                events.next();
                rowsIn = events(events);
            }
            execute(connection, rewrite.prepare());
            rows = statement.executeUpdate(statements.fullInsert());
            execute(connection, rewrite.finish());
            execute(connection, statements.dropFull());
        }
        return new Fold(rowsIn, rows, BatchViewChange.full(), TouchedDays.all());
    }

    /**
     * Incremental: the first copies ingested in {@code [from, to)} aggregated into a temporary delta table, which is
     * added to batch_view row by row ({@link Warehouse#addRows}); nothing to do when the cutoff did not move.
     */
    private Fold addDelta(Connection connection, Instant from, Instant to) throws SQLException {
        if (!to.isAfter(from)) {
            return new Fold(0, 0, new BatchViewChange(BatchRunMode.INCREMENTAL, Optional.empty(), Optional.empty()),
                    TouchedDays.of(List.of()));
        }
        execute(connection, List.of(statements.createDelta()));
        long rows;
        try (PreparedStatement insert = connection.prepareStatement(statements.deltaInsert())) {
            insert.setObject(1, UtcTimestamps.utc(from));
            insert.setObject(2, UtcTimestamps.utc(to));
            rows = insert.executeUpdate();
        }
        // The delta's few rows say which hours changed and how many first copies they count: no pass of its own over
        // the new first copies.
        long rowsIn = 0;
        List<Instant> hours = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet byHour = statement.executeQuery(statements.deltaHours())) {
            while (byHour.next()) {
                hours.add(UtcTimestamps.instant(byHour, TweetView.EVENT_HOUR).orElseThrow());
                rowsIn += events(byHour);
            }
        }
        Optional<Instant> first = hours.stream().min(Comparator.naturalOrder());
        Optional<Instant> last = hours.stream().max(Comparator.naturalOrder());
        execute(connection, statements.addDelta());
        execute(connection, statements.dropDelta());
        return new Fold(rowsIn, rows, new BatchViewChange(BatchRunMode.INCREMENTAL, first, last), TouchedDays.ofHours(hours));
    }

    /** The {@code events} column of {@link RecomputeSql#eventsIn} or {@link RecomputeSql#eventsByHour}: 0 when NULL. */
    private static long events(ResultSet row) throws SQLException {
        BigDecimal events = row.getBigDecimal("events");
        return events == null ? 0 : events.longValueExact();
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
