package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedCommit;
import io.lambdaarch.common.ledger.SpeedCommitsReader;
import io.lambdaarch.common.ledger.SpeedCommitsWriter;
import io.lambdaarch.common.ledger.SpeedLateRows;
import io.lambdaarch.common.ledger.SpeedLateRowsWriter;
import io.lambdaarch.common.ledger.SpeedViewStart;
import io.lambdaarch.common.ledger.SpeedViewStarts;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.speed.lease.SpeedViewLease;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one micro-batch to the warehouse in one transaction, for every declared view at once: renew the lease under
 * this driver's epoch (a fenced driver fails here), skip the batch if speed_commits already has it, record when a view
 * (new to the views file, or redefined) starts, upsert each view's changed groups the executors wrote into its
 * incoming table, delete buckets older than retention, record late records' buckets, and record the batch in
 * speed_commits. A crash at any point leaves either all of it or none of it, so Spark may replay the batch freely and
 * it is applied once for all views.
 */
public final class SpeedViewWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewWriter.class);

    private final WarehouseConnector connector;
    private final List<ViewTables> views;
    private final SpeedViewLease lease;
    private final PipelineSettings pipeline;
    private final Duration watermarkDelay;
    private final boolean replaceCheckpoint;
    private final Clock clock;
    private final SpeedCommitsReader commits = new SpeedCommitsReader(LedgerTables.unqualified());
    private final SpeedCommitsWriter commitsWriter = new SpeedCommitsWriter(LedgerTables.unqualified());
    private final SpeedLateRowsWriter lateRowsWriter = new SpeedLateRowsWriter(LedgerTables.unqualified());
    private final SpeedViewStarts viewStarts = new SpeedViewStarts(LedgerTables.unqualified());

    /** One declared view's speed table, its upsert and its incoming table. */
    private record ViewTables(SpeedViewTable table, SpeedViewUpsert upsert, SpeedViewIncoming incoming) {
    }

    /**
     * @param tables the speed tables of every declared view, the default view's first
     * @param lease the lease this driver holds (acquired before the query starts)
     * @param replaceCheckpoint whether a checkpoint with a new query id may replace the one the speed tables were
     *     written from (rebuilding them); without it such a batch fails
     */
    public SpeedViewWriter(WarehouseConnector connector, List<SpeedViewTable> tables, SpeedViewLease lease,
            PipelineSettings pipeline, Duration watermarkDelay, boolean replaceCheckpoint, Clock clock) {
        requireNonNull(connector, "connector is null");
        this.connector = connector;
        if (requireNonNull(tables, "tables is null").isEmpty()) {
            throw new IllegalArgumentException("no speed table to write");
        }
        this.views = tables.stream()
                .map(t -> new ViewTables(t, new SpeedViewUpsert(connector.warehouse(), t),
                        new SpeedViewIncoming(t, connector.warehouse())))
                .toList();
        this.lease = requireNonNull(lease, "lease is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.watermarkDelay = requireNonNull(watermarkDelay, "watermarkDelay is null");
        this.replaceCheckpoint = replaceCheckpoint;
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The lease epoch the executors stamp their rows with. */
    public long epoch() {
        return lease.epoch();
    }

    /**
     * Before the executors write batch {@code batchId}: checks the lease and deletes what earlier attempts left in
     * every view's incoming table.
     */
    public void prepare(long batchId) throws SQLException {
        TransientRetries.run(batchId, () -> inTransaction(connection -> {
            lease.verify(connection);
            for (ViewTables view : views) {
                view.incoming().clear(connection, lease.epoch(), batchId);
            }
            return null;
        }));
    }

    /**
     * Applies {@code batch} (or recognizes it as already applied) and returns what speed_commits now says about it.
     * Transient failures (lost connection, serialization conflict) are retried a few times; anything else, or the
     * last failure, is thrown and fails the query, which then resumes from its checkpoint when restarted.
     */
    public SpeedBatchResult apply(SpeedBatch batch) throws SQLException {
        return TransientRetries.run(batch.batchId(), () -> inTransaction(connection -> applyInTransaction(connection, batch)));
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private SpeedBatchResult applyInTransaction(Connection connection, SpeedBatch batch) throws SQLException {
        // First: the row lock it takes makes a take-over wait for this commit, and a fenced driver stops here.
        lease.verify(connection);
        long epoch = lease.epoch();
        Optional<SpeedCommit> latest = commits.latestOf(connection, batch.queryName());
        if (latest.isPresent() && !latest.get().queryId().equals(batch.queryId())) {
            if (!replaceCheckpoint) {
                throw new TerseException("The checkpoint's query id " + batch.queryId() + " is not the one speed_view was"
                        + " written from (" + latest.get().queryId() + "): the checkpoint was deleted or replaced. Start with"
                        + " --replace-checkpoint to rebuild " + tableNames() + " from it");
            }
            // A new checkpoint starts from now - retention again; rows and batch ids of the old one would mislead it.
            LOG.warn("Checkpoint of query {} replaced on purpose (query id {} -> {}): rebuilding {} from scratch",
                    batch.queryName(), latest.get().queryId(), batch.queryId(), tableNames());
            for (ViewTables view : views) {
                execute(connection, "DELETE FROM " + view.table().name());
            }
            commitsWriter.deleteAll(connection, batch.queryName());
            lateRowsWriter.deleteAll(connection, batch.queryName());
            viewStarts.deleteAll(connection, batch.queryName());
            latest = Optional.empty();
        }
        if (latest.isPresent() && latest.get().batchId() >= batch.batchId()) {
            for (ViewTables view : views) {
                view.incoming().delete(connection, epoch, batch.batchId());
            }
            return committedBefore(connection, batch);
        }

        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        recordStarts(connection, batch, latest, now);
        long upserted = 0;
        for (ViewTables view : views) {
            upserted += view.upsert().upsertSelected(connection, view.incoming().batchQuery(), epoch, batch.batchId());
            view.incoming().delete(connection, epoch, batch.batchId());
        }

        Instant retainedFrom = ceil(now.minus(pipeline.speedRetention()));
        Instant previousRetainedFrom = latest.flatMap(SpeedCommit::retainedFrom).orElse(Instant.EPOCH);
        if (previousRetainedFrom.isAfter(retainedFrom)) {
            retainedFrom = previousRetainedFrom;
        }
        long expired = 0;
        for (ViewTables view : views) {
            expired += execute(connection, "DELETE FROM " + view.table().name() + " WHERE " + TweetView.INGEST_BUCKET + " < ?",
                    SpeedViewTable.utc(retainedFrom));
        }

        Optional<SpeedLateRows> late = lateRows(batch, latest.flatMap(SpeedCommit::ingestWatermark), now);
        if (late.isPresent()) {
            lateRowsWriter.insert(connection, late.get());
        }
        lateRowsWriter.deleteBefore(connection, batch.queryName(), retainedFrom);

        Optional<Instant> maxIngest = Stream.of(latest.flatMap(SpeedCommit::maxIngestTime), batch.maxIngestTime())
                .flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        Optional<Instant> watermark = maxIngest.map(t -> t.minus(watermarkDelay));

        commitsWriter.insert(connection, new SpeedCommit(batch.queryName(), batch.queryId(), batch.batchId(), now, watermark,
                maxIngest, Optional.of(retainedFrom), IngestBuckets.sizeSeconds(pipeline.ingestBucket()), batch.inputRows(),
                batch.invalidRows(), upserted, Optional.empty()));
        // Only the latest row is needed to skip a replay; keep one retention's worth for operators.
        commitsWriter.deleteOlder(connection, batch.queryName(), batch.batchId(), now.minus(pipeline.speedRetention()));
        return new SpeedBatchResult(batch.batchId(), true, now, maxIngest, watermark, retainedFrom, upserted, expired, late);
    }

    /**
     * Records when each declared view starts, before its rows of this batch are applied. A view the checkpoint has
     * from its first batch misses nothing. A view new to the views file (or redefined: its fingerprint changed) is
     * aggregated from this batch on, so it lacks every record the earlier batches read, all ingested at or before
     * their newest ingest time: its table is emptied (rows of an earlier definition or an earlier declaration are
     * never mixed in) and holds ingest buckets in full only from the first bucket after that time. A view no longer
     * declared is forgotten; its table is left alone.
     */
    private void recordStarts(Connection connection, SpeedBatch batch, Optional<SpeedCommit> latest, Instant now)
            throws SQLException {
        Map<String, SpeedViewStart> starts = viewStarts.of(connection, batch.queryName());
        Optional<Instant> completeFrom = latest.flatMap(SpeedCommit::maxIngestTime)
                .map(t -> IngestBuckets.floor(t, pipeline.ingestBucket()).plus(pipeline.ingestBucket()));
        for (ViewTables view : views) {
            NamedView declared = view.table().view();
            SpeedViewStart start = starts.get(declared.name());
            if (start != null && start.fingerprint().equals(declared.fingerprint())) {
                continue;
            }
            Optional<Instant> from = latest.isEmpty() ? Optional.empty() : completeFrom;
            if (latest.isPresent()) {
                execute(connection, "DELETE FROM " + view.table().name());
            }
            if (from.isPresent()) {
                LOG.warn("View {} ({}) starts in batch {}: {} holds ingest buckets in full from {} on; earlier buckets"
                        + " are short until a batch cutoff passes {} (recorded in {})", declared.name(),
                        start == null ? "new in the views file" : "its definition changed", batch.batchId(),
                        view.table().name(), from.get(), from.get(), LedgerTables.unqualified().speedViewStarts());
            }
            viewStarts.put(connection, new SpeedViewStart(batch.queryName(), declared.name(), declared.fingerprint(), from,
                    batch.batchId(), now));
        }
        Set<String> declaredNames = views.stream().map(v -> v.table().view().name()).collect(Collectors.toSet());
        for (String name : starts.keySet()) {
            if (!declaredNames.contains(name)) {
                LOG.info("View {} is no longer declared: {} is no longer written", name, "speed_" + name);
                viewStarts.delete(connection, batch.queryName(), name);
            }
        }
    }

    private String tableNames() {
        return views.stream().map(v -> v.table().name()).collect(Collectors.joining(", "));
    }

    /**
     * Spark runs this batch with the watermark the previous batch left ({@code max ingest time - delay}, the
     * ingest_watermark of the latest commit) and drops its records at or behind it (Spark's own late-record filter may
     * use an older watermark still, so this finds every bucket Spark dropped records of, and perhaps a few more). Those
     * records lie in the buckets from the batch's oldest ingest time to the watermark.
     */
    private Optional<SpeedLateRows> lateRows(SpeedBatch batch, Optional<Instant> watermark, Instant now) {
        if (watermark.isEmpty() || batch.minIngestTime().isEmpty() || batch.minIngestTime().get().isAfter(watermark.get())) {
            return Optional.empty();
        }
        return Optional.of(new SpeedLateRows(batch.queryName(), batch.batchId(),
                IngestBuckets.floor(batch.minIngestTime().get(), pipeline.ingestBucket()),
                IngestBuckets.floor(watermark.get(), pipeline.ingestBucket()), now));
    }

    /** The first bucket that lies entirely inside retention: everything from it on has been read in full. */
    private Instant ceil(Instant horizon) {
        Instant floor = IngestBuckets.floor(horizon, pipeline.ingestBucket());
        return floor.equals(horizon) ? floor : floor.plus(pipeline.ingestBucket());
    }

    private SpeedBatchResult committedBefore(Connection connection, SpeedBatch batch) throws SQLException {
        SpeedCommit commit = commits.find(connection, batch.queryName(), batch.batchId())
                // Older than the commits kept: it was applied long ago.
                .orElseThrow(() -> new SQLException("Batch " + batch.batchId() + " of query " + batch.queryName()
                        + " is older than the latest committed batch but no longer in "
                        + LedgerTables.unqualified().speedCommits()));
        return new SpeedBatchResult(batch.batchId(), false, commit.committedAt(), commit.maxIngestTime(),
                commit.ingestWatermark(), commit.retainedFrom().orElseThrow(), commit.rowsUpserted(), 0, Optional.empty());
    }

    private static long execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
