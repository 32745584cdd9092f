package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveCopy;
import io.lambdaarch.batch.archive.ArchiveKeys;
import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.batch.archive.Manifests;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.BrokerClockProbe;
import io.lambdaarch.batch.kafka.KafkaClients;
import io.lambdaarch.batch.kafka.PartitionReader;
import io.lambdaarch.batch.kafka.TopicInspector;
import io.lambdaarch.batch.kafka.TopicSnapshot;
import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.batch.runtime.Transactions;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.FirstCopyIndex;
import io.lambdaarch.common.warehouse.TableLoad;
import io.lambdaarch.common.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code land} step: Kafka to the S3 archive and raw_batch in one pass.
 *
 * <ol>
 *   <li>Read the landed offsets from the warehouse (Kafka's group offsets are never consulted).
 *   <li>Capture the topic's end offsets and open the load of raw_batch ({@link TableLoad}: on PostgreSQL a
 *       {@code COPY FROM STDIN}) in the run's transaction.
 *   <li>Drain the partitions in parallel up to those offsets ({@link ParallelDrain}). Each record is read, validated and
 *       encoded once: into bounded archive files (valid events to raw/, invalid records to quarantine/), uploaded in
 *       the background as they fill ({@link ArchiveUploads}), and, for a valid event on PostgreSQL, into its COPY row,
 *       streamed while the drain goes on.
 *   <li>Finish the load (Redshift: once every file is uploaded and the manifest written, the manifest COPY).
 *   <li>In the same transaction: index the run's first copies (first_copies), wait for the last uploads and write the
 *       manifest, advance landing_offsets and insert the landing_runs row with landed_through. Only this commit makes
 *       the run count, and it comes after every file of the run is in S3.
 * </ol>
 *
 * A run killed before the commit changes nothing in the warehouse; its retry starts from the same offsets, cuts the
 * same files up to where the killed run stopped, and overwrites their keys.
 */
public final class Lander {
    private static final Logger LOG = LoggerFactory.getLogger(Lander.class);

    private final BatchConfig config;
    private final ArchiveStore store;
    private final Warehouse warehouse;
    private final ArchiveCopy copy;
    private final Ledger ledger;
    private final KafkaClients kafka;
    private final Progress progress;
    private final CrashPoints crashPoints;
    private final Clock clock;

    public Lander(BatchConfig config, ArchiveStore store, Warehouse warehouse, ArchiveCopy copy, Ledger ledger,
            KafkaClients kafka, Progress progress, CrashPoints crashPoints) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.copy = requireNonNull(copy, "copy is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.clock = progress.clock();
    }

    /** Lands everything up to the current end of the topic; {@code connection} must not auto-commit. */
    public LandingResult land(Connection connection, String runId, boolean acceptLostOffsets) throws SQLException {
        Instant startedAt = clock.instant();
        LandingPhases phases = new LandingPhases(clock, startedAt);
        String topic = config.kafka().topic();
        // S3 and Kafka are asked at the same time: each first call of a cold client takes a good part of a second.
        CompletableFuture<Void> s3Ready = CompletableFuture.runAsync(() -> {
            store.checkReachable();
            copy.prepare(warehouse);
        });
        LandingOffsets state;
        Optional<Instant> previousLandedThrough;
        Optional<Instant> probe;
        TopicSnapshot snapshot;
        try {
            state = ledger.landingOffsetsReader().read(connection, topic);
            previousLandedThrough = ledger.landingRunsReader().latest(connection, topic).map(LandingRun::landedThrough);
            connection.commit();
            phases.lap("prepare");

            // The probe must precede the capture: its stamp is then a lower bound on the broker's clock at the capture.
            probe = config.clockProbeTopic().map(t -> new BrokerClockProbe(kafka, t).read());
            snapshot = new TopicInspector(kafka, clock).snapshot(topic);
        } finally {
            // S3's failure, if any, is the one to report: it is checked first, as before any long work.
            join(s3Ready);
        }
        LandingPlan plan = LandingPlan.of(state, snapshot, acceptLostOffsets);
        plan.warnings().forEach(progress::line);
        progress.line("land " + runId + ": topic " + topic + ", " + snapshot.latest().size() + " partitions, "
                + Progress.count(plan.offsets()) + " records to land");
        phases.lap("snapshot");

        LandingResult result;
        int threads = config.drainThreads();
        try (ArchiveUploads uploads = new ArchiveUploads(store, crashPoints, threads, threads);
                TableLoad load = warehouse.load(connection, Tables.RAW_BATCH, ArchiveLines.RAW_BATCH_COLUMNS)) {
            phases.lap("open-load");
            DrainedTopic drained = new ParallelDrain(config, uploads, kafka, crashPoints, progress).drain(plan, load);
            phases.lap("drain");
            Archive archive = new Archive(uploads, ArchiveKeys.manifestKey(runId), drained);
            if (!load.streamsRows()) {
                // The warehouse's COPY reads the run's files from S3 (Redshift): they must all be there first.
                archive.complete();
                phases.lap("uploads");
            }

            Instant landedThrough = LandedThrough.compute(previousLandedThrough, probe, snapshot.capturedAt(),
                    drained.newestIngestTime(), config.clockMargin());
            result = commit(connection, load, runId, startedAt, state, snapshot, plan, drained, archive, landedThrough, phases);
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackAfter(connection, e);
            throw e;
        }
        mirrorOffsets(plan);
        return result;
    }

    /**
     * The end of the run's one transaction: the rows into raw_batch, then what follows from them, then the ledger.
     * Steps that derive warehouse state from the run's rows go where marked, so they commit with the rows and offsets.
     */
    private LandingResult commit(Connection connection, TableLoad load, String runId, Instant startedAt, LandingOffsets state,
            TopicSnapshot snapshot, LandingPlan plan, DrainedTopic drained, Archive archive, Instant landedThrough,
            LandingPhases phases) throws SQLException {
        String topic = snapshot.topic();
        long rows = load.finish(copy.runFiles(drained.rawFiles(), archive.manifestKey), (url, loaded) -> progress.line(
                "copy: " + Progress.count(loaded) + " rows into " + Tables.RAW_BATCH + " (" + url + ")"));
        if (rows != drained.valid()) {
            throw new TerseException("COPY loaded " + rows + " rows into raw_batch, but the run archived " + drained.valid()
                    + " valid records. Nothing was committed.");
        }
        phases.lap("finish-load");
        // The run's rows are in raw_batch (uncommitted). Steps that derive from them belong here, before the offsets.
        indexFirstCopies(connection, plan);
        phases.lap("first-copies");
        // The uploads went on while the rows were loaded and indexed; the offsets commit only with every file in S3.
        archive.complete();
        phases.lap("uploads");

        LandingOffsets now = ledger.landingOffsetsReader().read(connection, topic);
        if (!now.nextOffsets().equals(state.nextOffsets())) {
            throw new TerseException(LedgerTables.unqualified().landingOffsets() + " of topic " + topic + " changed while this run was landing: another"
                    + " batch job ran without the lock. Nothing was loaded by this run.");
        }
        Instant finishedAt = clock.instant();
        ledger.landingOffsetsWriter().replace(connection, topic, snapshot.topicId(), plan.nextOffsets(), finishedAt);
        LandingRun run = new LandingRun(runId, topic, startedAt, finishedAt, landedThrough, drained.valid(), drained.invalid(),
                drained.files(), drained.archiveBytes());
        ledger.landingRunsWriter().insert(connection, run);
        crashPoints.reached(CrashPoint.AFTER_COPY_BEFORE_COMMIT);
        phases.lap("ledger");
        connection.commit();
        phases.lap("commit");
        LOG.info("land {}: {} records in {} ms: {}", runId, drained.valid() + drained.invalid(),
                Duration.between(startedAt, clock.instant()).toMillis(), phases);
        return new LandingResult(run, drained.kafkaBytes(), plan.warnings());
    }

    /**
     * The one step of the landing transaction that keeps the first-copy index: after the run's rows are in raw_batch,
     * before its offsets are written, so the index covers exactly the committed raw_batch. A repeat stays in raw_batch
     * (the master data is complete) and replaces the indexed copy only when it comes first; by the landed_through
     * guarantee that only ever happens at or after the previous cutoff (docs/batch-layer.md#first-copies).
     */
    private void indexFirstCopies(Connection connection, LandingPlan plan) throws SQLException {
        new FirstCopyIndex(warehouse).index(connection, plan.ranges().stream()
                .map(r -> new FirstCopyIndex.OffsetRange(r.partition(), r.from(), r.to())).toList());
        crashPoints.reached(CrashPoint.AFTER_FIRST_COPIES);
    }

    /**
     * The run's archive: its files, uploaded in the background, then its manifest, which lists them (what Redshift's
     * COPY and {@code replay-archive} read). Completed once, before the load when the warehouse's COPY reads the files,
     * otherwise just before the ledger.
     */
    private final class Archive {
        private final ArchiveUploads uploads;
        private final String manifestKey;
        private final DrainedTopic drained;
        private boolean complete;

        Archive(ArchiveUploads uploads, String manifestKey, DrainedTopic drained) {
            this.uploads = uploads;
            this.manifestKey = manifestKey;
            this.drained = drained;
        }

        void complete() {
            if (complete) {
                return;
            }
            uploads.awaitAll();
            store.putBytes(manifestKey, Manifests.manifest(drained.rawFiles().stream()
                    .map(f -> new Manifests.Entry(store.url(f.key()), f.compressedBytes())).toList()), "application/json");
            LOG.info("uploads: {} ms (summed over the upload threads)", uploads.uploadNanos() / 1_000_000);
            crashPoints.reached(CrashPoint.AFTER_UPLOAD);
            complete = true;
        }
    }

    /** Waits for {@code task}, rethrowing its failure as it was thrown. */
    private static void join(CompletableFuture<Void> task) {
        try {
            task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Kafka's group offsets are informational (lag dashboards); a failure here never fails the committed run. */
    private void mirrorOffsets(LandingPlan plan) {
        try (PartitionReader reader = new PartitionReader(kafka.consumer(), kafka.settings().bootstrapServers(),
                config.kafka().topic(), config.kafkaTimeout(), clock)) {
            reader.commitInformational(plan.nextOffsets());
        } catch (RuntimeException e) {
            LOG.warn("Landed offsets are committed in the warehouse, but mirroring them to consumer group {} failed: {}",
                    config.consumerGroup(), e.getMessage());
        }
    }
}
