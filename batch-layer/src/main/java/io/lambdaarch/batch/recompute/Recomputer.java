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
import io.lambdaarch.common.ledger.ViewDefinitionState;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.ViewRollups;
import io.lambdaarch.common.warehouse.ViewTablesDdl;
import io.lambdaarch.common.warehouse.Warehouse;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * (docs/batch-layer.md#incremental-runs). batch_view_day, the day grain, is derived again from batch_view after a full
 * run, and has the incremental run's delta, summed by day, added to it after an incremental one, in the same transaction
 * ({@link ViewRollups}).
 */
public final class Recomputer {
    private static final Logger LOG = LoggerFactory.getLogger(Recomputer.class);

    private final Warehouse warehouse;
    private final Ledger ledger;
    private final String topic;
    private final Duration ingestBucket;
    private final Duration fullEvery;
    private final CrashPoints crashPoints;
    private final Clock clock;
    private final RecomputeDiagnosis diagnosis;
    private final ViewCatalog views;
    private final ViewTablesDdl tables;
    private final ViewDefinitions definitions = new ViewDefinitions();
    /** Each view's statements by view name, generated once per job (see {@link RunStatements} for why). */
    private final Map<String, RunStatements> statements;
    /** Every declared view's full aggregate in one pass, generated once per job too. */
    private final OnePassAggregate allViews;
    /** Each view's rollups by view name, their statements generated once per job too. */
    private final Map<String, List<ViewRollups>> rollups;

    /** For the shipped views. */
    public Recomputer(Warehouse warehouse, Ledger ledger, String topic, Duration ingestBucket, Duration fullEvery,
            CrashPoints crashPoints, Clock clock) {
        this(warehouse, ledger, ViewCatalog.shipped(), topic, ingestBucket, fullEvery, crashPoints, clock);
    }

    public Recomputer(Warehouse warehouse, Ledger ledger, ViewCatalog views, String topic, Duration ingestBucket,
            Duration fullEvery, CrashPoints crashPoints, Clock clock) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.ingestBucket = requireNonNull(ingestBucket, "ingestBucket is null");
        this.fullEvery = requireNonNull(fullEvery, "fullEvery is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.views = requireNonNull(views, "views is null");
        this.diagnosis = new RecomputeDiagnosis(this.warehouse, TweetView.DEFINITION);
        this.tables = new ViewTablesDdl(this.warehouse);
        this.statements = views.views().stream()
                .collect(Collectors.toUnmodifiableMap(NamedView::name, view -> RunStatements.of(this.warehouse, view)));
        this.allViews = OnePassAggregate.of(this.warehouse, views.views());
        this.rollups = views.views().stream().collect(Collectors.toUnmodifiableMap(NamedView::name, view -> view.rollups()
                .stream().map(grain -> new ViewRollups(this.warehouse, view, grain)).toList()));
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
            Map<String, ViewDefinitionState> built = definitions.read(connection);
            Map<NamedView, Boolean> rebuilds = new LinkedHashMap<>();
            List<NamedView> full = new ArrayList<>();
            for (NamedView view : views.views()) {
                boolean rebuild = needsRebuild(view, built.get(view.name()));
                if (rebuild) {
                    prepareRebuild(connection, view, built.get(view.name()));
                }
                rebuilds.put(view, rebuild);
                if (rebuild || choice.mode() == BatchRunMode.FULL) {
                    full.add(view);
                }
            }
            // Every view rebuilt in this run in one pass over the first copies, its rollups with it; the others fold
            // their delta into their rows and their rollups'. A view's rollups change with its rows in this
            // transaction, before the batch_runs row makes the run visible; never apart from the hours.
            Map<String, Fold> folds = new HashMap<>(full.isEmpty() ? Map.of() : replaceBatchViews(connection, full, cutoff));
            List<NamedView> incremental = views.views().stream().filter(view -> !folds.containsKey(view.name())).toList();
            if (!incremental.isEmpty()) {
                folds.putAll(addDeltas(connection, incremental, previous.orElseThrow().cutoff(), cutoff));
            }
            for (NamedView view : views.views()) {
                ViewDefinitionState state = built.get(view.name());
                ViewDefinitionState next = nextState(view, state, rebuilds.get(view), previous.isPresent(), startedAt, cutoff);
                // Unchanged (the usual run: same definition, complete): nothing to write, two round trips fewer.
                if (!next.equals(state)) {
                    definitions.write(connection, next);
                }
            }
            Fold fold = folds.get(views.defaultView().name());
            forgetRemovedViews(connection, built);
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
    private record Fold(long rowsIn, long rowsOut, BatchViewChange change) {
        /** An incremental fold nothing reads back: the cutoff did not move, or a view other than the default. */
        static final Fold UNREAD = new Fold(0, 0, new BatchViewChange(BatchRunMode.INCREMENTAL, Optional.empty(),
                Optional.empty()));
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
     * A view whose batch tables must be built from scratch in this run: one the ledger has no row of (a view added to
     * the file, or every view of a warehouse made before the ledger, but the default view as shipped, whose tables such
     * a warehouse already holds), or one whose definition changed (a new fingerprint).
     */
    private static boolean needsRebuild(NamedView view, ViewDefinitionState state) {
        if (state != null) {
            return !state.fingerprint().equals(view.fingerprint());
        }
        NamedView shipped = ViewCatalog.shipped().defaultView();
        return !(view.name().equals(shipped.name()) && view.fingerprint().equals(shipped.fingerprint()));
    }

    /**
     * Makes the view's batch tables fit its definition before the full rebuild replaces every row: tables of other
     * columns (a changed definition, or a removed view's tables under a reused name) are dropped, their serving view
     * first (it reads them; the serving layer creates it again when it starts), and created as the definition says.
     * Rows of the old definition never survive: the rebuild rewrites every row of tables it keeps.
     */
    private void prepareRebuild(Connection connection, NamedView view, ViewDefinitionState state) throws SQLException {
        LOG.info("View {}: {} (fingerprint {}): rebuilding {} from {}", view.name(), state == null ? "new" : "definition changed",
                view.fingerprint(), view.batchTable(), Tables.FIRST_COPIES);
        if (!tables.batchTableFits(connection, view)) {
            LOG.info("View {}: {} has other columns: dropping it, its rollups and {}", view.name(), view.batchTable(),
                    view.servingView());
            execute(connection, tables.dropBatchTables(view));
        }
        execute(connection, tables.createBatchTables(view));
    }

    /**
     * The view's ledger row after this run. A view built where batch runs ran before is {@code building} from this
     * run's start (the speed layer, restarted with the same file, aggregates it from about then) until a cutoff
     * reaches that time; on a new warehouse, where the speed layer reads everything it retains, it is whole at once.
     */
    private static ViewDefinitionState nextState(NamedView view, ViewDefinitionState state, boolean rebuilt,
            boolean earlierRuns, Instant startedAt, Instant cutoff) {
        boolean fresh = rebuilt || state == null;
        Instant since = fresh ? startedAt : state.since();
        boolean complete = (fresh && !earlierRuns) || !cutoff.isBefore(since) || (!fresh && state.complete());
        if (complete && (fresh || !state.complete())) {
            LOG.info("View {}: complete (cutoff {}, since {})", view.name(), cutoff, since);
        } else if (!complete) {
            LOG.info("View {}: building: events ingested from cutoff {} to {} are not counted yet", view.name(), cutoff,
                    since);
        }
        return new ViewDefinitionState(view.name(), view.fingerprint(),
                complete ? ViewDefinitionState.State.COMPLETE : ViewDefinitionState.State.BUILDING, since);
    }

    /** A view no longer in the file loses its ledger row only: its tables stay, and nothing else is dropped. */
    private void forgetRemovedViews(Connection connection, Map<String, ViewDefinitionState> built) throws SQLException {
        for (String name : built.keySet()) {
            if (views.find(name).isEmpty()) {
                LOG.info("View {}: no longer declared: no longer built (its tables are left as they are)", name);
                definitions.delete(connection, name);
            }
        }
    }

    /**
     * Full: the rows of {@code full}'s views replaced, in place, by their views of every first copy ingested before
     * {@code cutoff}. One pass over the first copies for all of them ({@link OnePassAggregate}: a CREATE TABLE AS
     * SELECT ... GROUP BY GROUPING SETS into a temporary table), whose few rows then replace each view's, each view's
     * rollups derived again after it; all of that sent in one round trip. The first copies read are the sum of the
     * default view's count measure, not a COUNT(*) pass of their own (docs/batch-layer.md#what-a-full-recompute-costs).
     */
    private Map<String, Fold> replaceBatchViews(Connection connection, List<NamedView> full, Instant cutoff)
            throws SQLException {
        OnePassAggregate pass = full.equals(allViews.views()) ? allViews : OnePassAggregate.of(warehouse, full);
        List<String> batch = new ArrayList<>(pass.create(cutoff));
        Map<String, Integer> inserts = new HashMap<>();
        for (NamedView view : full) {
            inserts.put(view.name(), batch.size() + pass.insertIndex(view));
            batch.addAll(pass.replace(view));
            for (ViewRollups rollup : rollups.get(view.name())) {
                batch.addAll(rollup.everyDayStatements());
            }
        }
        int[] counts = executeBatch(connection, batch);
        Map<String, Fold> folds = new HashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (NamedView view : full) {
                long rowsIn = 0;
                if (view == views.defaultView()) {
                    try (ResultSet events = statement.executeQuery(pass.eventsIn(view))) {
                        events.next();
                        rowsIn = events(events);
                    }
                }
                folds.put(view.name(), new Fold(rowsIn, Math.max(0, counts[inserts.get(view.name())]), BatchViewChange.full()));
            }
        }
        execute(connection, pass.drop());
        return folds;
    }

    /**
     * Incremental: for each of {@code incremental}, the first copies ingested in {@code [from, to)} aggregated into a
     * temporary delta table, which is added to the view's rows and, summed to their grain, to its rollups' rows by key
     * ({@link Warehouse#addRows}, {@link ViewRollups#addDeltaStatements}): every view's statements in one round trip;
     * nothing to do when the cutoff did not move. Every statement reads the first copies through their ingest_time
     * index, or the delta's few rows: none reads rows of the view that the delta does not touch, so the cost follows the
     * new data, not the history. Only the default view's delta is read back (its times and first copies go into
     * batch_runs and the run's result); the others' are dropped unread, or not made at all for a view without rollups
     * ({@link RunStatements#foldUnread}).
     */
    private Map<String, Fold> addDeltas(Connection connection, List<NamedView> incremental, Instant from, Instant to)
            throws SQLException {
        Map<String, Fold> folds = new HashMap<>();
        if (!to.isAfter(from)) {
            incremental.forEach(view -> folds.put(view.name(), Fold.UNREAD));
            return folds;
        }
        NamedView defaultView = views.defaultView();
        List<String> batch = new ArrayList<>();
        int defaultInsert = -1;
        for (NamedView view : incremental) {
            RunStatements run = statements.get(view.name());
            if (view == defaultView) {
                // fold(): create, insert (its count: the delta's rows), add to the view, add to the rollups.
                defaultInsert = batch.size() + 1;
                batch.addAll(run.fold(from, to));
            } else {
                batch.addAll(run.foldUnread(from, to));
            }
        }
        int[] counts = executeBatch(connection, batch);
        for (NamedView view : incremental) {
            // Only the default view's counts go into batch_runs and the run's result; the others' are not read.
            folds.put(view.name(), view == defaultView
                    ? readDelta(connection, statements.get(view.name()), Math.max(0, counts[defaultInsert]))
                    : Fold.UNREAD);
        }
        return folds;
    }

    /**
     * The default view's delta of {@code rows} rows, read back: its few rows say which times changed and how many first
     * copies they count, with no pass of its own over the new first copies. Then dropped.
     */
    private Fold readDelta(Connection connection, RunStatements run, long rows) throws SQLException {
        long rowsIn = 0;
        List<Instant> times = new ArrayList<>();
        if (run.deltaHours().isPresent()) {
            try (Statement statement = connection.createStatement();
                    ResultSet byTime = statement.executeQuery(run.deltaHours().get())) {
                while (byTime.next()) {
                    times.add(UtcTimestamps.instant(byTime, TweetView.EVENT_HOUR).orElseThrow());
                    rowsIn += events(byTime);
                }
            }
        }
        Optional<Instant> first = times.stream().min(Comparator.naturalOrder());
        Optional<Instant> last = times.stream().max(Comparator.naturalOrder());
        execute(connection, run.dropDelta());
        return new Fold(rowsIn, rows, new BatchViewChange(BatchRunMode.INCREMENTAL, first, last));
    }

    /** The {@code events} column of {@link RecomputeSql#eventsIn} or {@link RecomputeSql#eventsByTime}: 0 when NULL. */
    private static long events(ResultSet row) throws SQLException {
        BigDecimal events = row.getBigDecimal("events");
        return events == null ? 0 : events.longValueExact();
    }

    /**
     * Sends {@code statements} in one batch: one round trip instead of one per statement (the job waits for a CPU after
     * each on a loaded machine). Returns each statement's update count ({@link Statement#SUCCESS_NO_INFO} where none).
     */
    private static int[] executeBatch(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.addBatch(sql);
            }
            return statement.executeBatch();
        }
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
