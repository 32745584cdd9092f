package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveCopy;
import io.lambdaarch.batch.archive.ArchiveFile;
import io.lambdaarch.batch.archive.ArchiveFileWriter;
import io.lambdaarch.batch.archive.ArchiveKeys;
import io.lambdaarch.batch.archive.ArchiveKind;
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
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.common.ledger.LandingOffsets;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.CopyListener;
import io.lambdaarch.common.warehouse.FirstCopyIndex;
import io.lambdaarch.common.warehouse.Warehouse;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code land} step: Kafka to the S3 archive to raw_batch.
 *
 * <ol>
 *   <li>Read the landed offsets from the warehouse (Kafka's group offsets are never consulted).
 *   <li>Capture the topic's end offsets, then drain every partition up to them, one partition at a time, into
 *       bounded archive files (valid events to raw/, invalid records to quarantine/), uploading each when full.
 *   <li>Write the run's manifest.
 *   <li>In one transaction: COPY the run's raw files into raw_batch, index their first copies (first_copies), advance
 *       landing_offsets, insert the landing_runs row with landed_through. Only this commit makes the run count.
 * </ol>
 *
 * A run killed before the commit changes nothing in the warehouse; its retry starts from the same offsets, cuts the
 * same files up to where the killed run stopped, and overwrites their keys.
 */
public final class Lander {
    private static final Logger LOG = LoggerFactory.getLogger(Lander.class);
    private static final String CONTENT_TYPE = "application/x-ndjson";

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
        String topic = config.kafka().topic();
        store.checkReachable();
        copy.prepare(warehouse);

        LandingOffsets state = ledger.landingOffsetsReader().read(connection, topic);
        Optional<Instant> previousLandedThrough = ledger.landingRunsReader().latest(connection, topic)
                .map(LandingRun::landedThrough);
        connection.commit();

        // The probe must precede the capture: its stamp is then a lower bound on the broker's clock at the capture.
        Optional<Instant> probe = config.clockProbeTopic().map(t -> new BrokerClockProbe(kafka, t).read());
        TopicSnapshot snapshot = new TopicInspector(kafka, clock).snapshot(topic);
        LandingPlan plan = LandingPlan.of(state, snapshot, acceptLostOffsets);
        plan.warnings().forEach(progress::line);
        progress.line("land " + runId + ": topic " + topic + ", " + snapshot.latest().size() + " partitions, "
                + Progress.count(plan.offsets()) + " records to land");

        Drain drain = new Drain(plan.offsets());
        try (PartitionReader reader = new PartitionReader(kafka.consumer(), kafka.settings().bootstrapServers(), topic,
                config.kafkaTimeout(), clock)) {
            for (PartitionRange range : plan.ranges()) {
                if (range.offsets() > 0) {
                    drain.partition(reader, range);
                }
            }
            drain.report();

            String manifestKey = ArchiveKeys.manifestKey(runId);
            store.putBytes(manifestKey, Manifests.manifest(drain.rawFiles.stream()
                    .map(f -> new Manifests.Entry(store.url(f.key()), f.compressedBytes())).toList()), "application/json");
            crashPoints.reached(CrashPoint.AFTER_UPLOAD);

            Instant landedThrough = LandedThrough.compute(previousLandedThrough, probe, snapshot.capturedAt(),
                    drain.newestIngestTime, config.clockMargin());
            LandingResult result = commit(connection, runId, startedAt, state, snapshot, plan, drain, manifestKey, landedThrough);
            mirrorOffsets(reader, plan);
            return result;
        } catch (SQLException | RuntimeException e) {
            Transactions.rollbackAfter(connection, e);
            throw e;
        }
    }

    private LandingResult commit(Connection connection, String runId, Instant startedAt, LandingOffsets state,
            TopicSnapshot snapshot, LandingPlan plan, Drain drain, String manifestKey, Instant landedThrough)
            throws SQLException {
        String topic = snapshot.topic();
        LandingOffsets now = ledger.landingOffsetsReader().read(connection, topic);
        if (!now.nextOffsets().equals(state.nextOffsets())) {
            throw new TerseException(LedgerTables.unqualified().landingOffsets() + " of topic " + topic + " changed while this run was landing: another"
                    + " batch job ran without the lock. Nothing was loaded by this run.");
        }
        Instant copyStarted = clock.instant();
        long[] loaded = new long[2];
        CopyListener listener = (url, fileRows) -> {
            loaded[0]++;
            loaded[1] += fileRows;
            if (progress.due()) {
                progress.line("copy: " + loaded[0] + " of " + drain.rawFiles.size() + " files, " + Progress.count(loaded[1])
                        + " rows, " + Progress.rate(loaded[1], Duration.between(copyStarted, clock.instant())));
            }
        };
        long rows = warehouse.copy(connection, Tables.RAW_BATCH, ArchiveLines.RAW_BATCH_COLUMNS,
                copy.runFiles(drain.rawFiles, manifestKey), listener);
        if (rows != drain.valid) {
            throw new TerseException("COPY loaded " + rows + " rows into raw_batch, but the run archived " + drain.valid
                    + " valid records. Nothing was committed.");
        }
        indexFirstCopies(connection, plan);
        Instant finishedAt = clock.instant();
        ledger.landingOffsetsWriter().replace(connection, topic, snapshot.topicId(), plan.nextOffsets(), finishedAt);
        LandingRun run = new LandingRun(runId, topic, startedAt, finishedAt, landedThrough, drain.valid, drain.invalid,
                drain.rawFiles.size() + drain.quarantineFiles.size(), drain.archiveBytes());
        ledger.landingRunsWriter().insert(connection, run);
        crashPoints.reached(CrashPoint.AFTER_COPY_BEFORE_COMMIT);
        connection.commit();
        return new LandingResult(run, drain.kafkaBytes, plan.warnings());
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

    /** Kafka's group offsets are informational (lag dashboards); a failure here never fails the committed run. */
    private void mirrorOffsets(PartitionReader reader, LandingPlan plan) {
        try {
            reader.commitInformational(plan.nextOffsets());
        } catch (RuntimeException e) {
            LOG.warn("Landed offsets are committed in the warehouse, but mirroring them to consumer group {} failed: {}",
                    config.consumerGroup(), e.getMessage());
        }
    }

    /** The drain of all partitions: archive writers, counters and progress. Not thread-safe. */
    private final class Drain {
        private final long plannedOffsets;
        private final EventValidator validator = new EventValidator();
        private final ArchiveLines lines = new ArchiveLines();
        private final LineBuffer line = new LineBuffer();
        private final List<ArchiveFile> rawFiles = new ArrayList<>();
        private final List<ArchiveFile> quarantineFiles = new ArrayList<>();
        private final Instant started = clock.instant();
        private Optional<Instant> newestIngestTime = Optional.empty();
        private long valid;
        private long invalid;
        private long kafkaBytes;

        Drain(long plannedOffsets) {
            this.plannedOffsets = plannedOffsets;
        }

        void partition(PartitionReader reader, PartitionRange range) {
            try (ArchiveFileWriter raw = writer(ArchiveKind.RAW, range.partition());
                    ArchiveFileWriter quarantine = writer(ArchiveKind.QUARANTINE, range.partition())) {
                reader.read(range.partition(), range.from(), range.to(), record -> handle(record, raw, quarantine));
                raw.flush();
                quarantine.flush();
                rawFiles.addAll(raw.files());
                quarantineFiles.addAll(quarantine.files());
            }
        }

        private ArchiveFileWriter writer(ArchiveKind kind, int partition) {
            return new ArchiveFileWriter(kind, partition, config.fileMaxRecords(), config.fileMaxBytes(), config.tempDir(),
                    (key, file) -> store.putFile(key, file, CONTENT_TYPE), file -> {
                        LOG.debug("Uploaded {} ({} records)", file.key(), file.records());
                        crashPoints.reached(CrashPoint.MID_UPLOAD);
                    });
        }

        private void handle(ConsumerRecord<byte[], byte[]> record, ArchiveFileWriter raw, ArchiveFileWriter quarantine) {
            Instant ingestTime = Instant.ofEpochMilli(record.timestamp());
            line.reset();
            ValidationResult result = validator.validate(record.value());
            if (result instanceof ValidationResult.Valid accepted) {
                lines.writeRaw(accepted.event(), record.partition(), record.offset(), ingestTime, line);
                raw.append(record.offset(), ingestTime, line.array(), line.size());
                valid++;
            } else {
                lines.writeQuarantine((ValidationResult.Invalid) result, record.partition(), record.offset(), ingestTime,
                        record.key(), record.value(), line);
                quarantine.append(record.offset(), ingestTime, line.array(), line.size());
                invalid++;
            }
            kafkaBytes += record.value() == null ? 0 : record.value().length;
            if (newestIngestTime.isEmpty() || ingestTime.isAfter(newestIngestTime.get())) {
                newestIngestTime = Optional.of(ingestTime);
            }
            if (progress.due()) {
                report();
            }
        }

        void report() {
            long records = valid + invalid;
            progress.line("land: " + Progress.count(records) + " records (" + Progress.count(invalid) + " invalid), "
                    + Progress.megabytes(kafkaBytes) + ", " + Progress.rate(records, Duration.between(started, clock.instant()))
                    + ", remaining lag " + Progress.count(Math.max(0, plannedOffsets - records)));
        }

        long archiveBytes() {
            return rawFiles.stream().mapToLong(ArchiveFile::compressedBytes).sum()
                    + quarantineFiles.stream().mapToLong(ArchiveFile::compressedBytes).sum();
        }
    }

    /** A line buffer whose bytes can be handed on without a copy. */
    private static final class LineBuffer extends ByteArrayOutputStream {
        LineBuffer() {
            super(1024);
        }

        byte[] array() {
            return buf;
        }
    }
}
