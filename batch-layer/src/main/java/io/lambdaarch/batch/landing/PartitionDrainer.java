package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveFileWriter;
import io.lambdaarch.batch.archive.ArchiveKind;
import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.batch.archive.CsvRowEncoder;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.PartitionReader;
import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains partition ranges, one after the other, on one thread: each record is read, validated and encoded once,
 * into its archive line (raw or quarantine, cut into bounded gzipped files that are uploaded as they fill) and, for a
 * valid record where the warehouse takes streamed rows, into its COPY row, handed on in blocks while the drain goes on.
 *
 * <p>Not thread-safe: it owns one Kafka consumer, its validator and its encoders.
 */
final class PartitionDrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDrainer.class);
    private static final String CONTENT_TYPE = "application/x-ndjson";
    /** Records between two updates of the shared counters. */
    private static final int COUNTER_BATCH = 1024;

    private final BatchConfig config;
    private final ArchiveStore store;
    private final CrashPoints crashPoints;
    private final PartitionReader reader;
    private final Optional<RowBlocks.Writer> rows;
    private final DrainCounters counters;
    private final BooleanSupplier stopped;
    private final EventValidator validator = new EventValidator();
    private final ArchiveLines lines = new ArchiveLines();
    private final CsvRowEncoder csv = new CsvRowEncoder();
    private final LineBuffer line = new LineBuffer();

    /**
     * @param rows where COPY rows go; empty when the warehouse loads the archive files instead
     * @param stopped true once the run stopped: the drain gives up at the next record
     */
    PartitionDrainer(BatchConfig config, ArchiveStore store, CrashPoints crashPoints, PartitionReader reader,
            Optional<RowBlocks.Writer> rows, DrainCounters counters, BooleanSupplier stopped) {
        this.config = requireNonNull(config, "config is null");
        this.store = requireNonNull(store, "store is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.stopped = requireNonNull(stopped, "stopped is null");
    }

    /** Drains {@code range}; its files are uploaded and its COPY rows handed on when this returns. */
    DrainedPartition drain(PartitionRange range) throws InterruptedException {
        Partition partition = new Partition(range);
        try (ArchiveFileWriter raw = writer(ArchiveKind.RAW, range.partition());
                ArchiveFileWriter quarantine = writer(ArchiveKind.QUARANTINE, range.partition())) {
            reader.read(range.partition(), range.from(), range.to(), record -> partition.handle(record, raw, quarantine));
            raw.flush();
            quarantine.flush();
            // After the partition's files are uploaded: a crash once its rows are in the COPY finds its files in S3.
            if (rows.isPresent()) {
                rows.get().handOff();
            }
            partition.publishCounts();
            return new DrainedPartition(range, raw.files(), quarantine.files(), partition.valid, partition.invalid,
                    partition.kafkaBytes, partition.newestIngestTime);
        }
    }

    @Override
    public void close() {
        reader.close();
    }

    private ArchiveFileWriter writer(ArchiveKind kind, int partition) {
        return new ArchiveFileWriter(kind, partition, config.fileMaxRecords(), config.fileMaxBytes(), config.tempDir(),
                (key, file) -> {
                    long started = System.nanoTime();
                    store.putFile(key, file, CONTENT_TYPE);
                    counters.uploaded(System.nanoTime() - started);
                }, file -> {
                    LOG.debug("Uploaded {} ({} records)", file.key(), file.records());
                    crashPoints.reached(CrashPoint.MID_UPLOAD);
                });
    }

    /** The counts of one range. */
    private final class Partition {
        private final PartitionRange range;
        private Optional<Instant> newestIngestTime = Optional.empty();
        private long valid;
        private long invalid;
        private long kafkaBytes;
        private long unpublishedRecords;
        private long unpublishedInvalid;
        private long unpublishedBytes;

        Partition(PartitionRange range) {
            this.range = range;
        }

        void handle(ConsumerRecord<byte[], byte[]> record, ArchiveFileWriter raw, ArchiveFileWriter quarantine) {
            if (stopped.getAsBoolean()) {
                throw new CancellationException("landing of partition " + range.partition() + " stopped");
            }
            Instant ingestTime = Instant.ofEpochMilli(record.timestamp());
            line.reset();
            ValidationResult result = validator.validate(record.value());
            if (result instanceof ValidationResult.Valid accepted) {
                lines.writeRaw(accepted.event(), record.partition(), record.offset(), ingestTime, line);
                raw.append(record.offset(), ingestTime, line.array(), line.size());
                if (rows.isPresent()) {
                    csv.encode(accepted.event(), record.partition(), record.offset(), ingestTime);
                    appendRow();
                }
                valid++;
            } else {
                lines.writeQuarantine((ValidationResult.Invalid) result, record.partition(), record.offset(), ingestTime,
                        record.key(), record.value(), line);
                quarantine.append(record.offset(), ingestTime, line.array(), line.size());
                invalid++;
                unpublishedInvalid++;
            }
            long bytes = record.value() == null ? 0 : record.value().length;
            kafkaBytes += bytes;
            unpublishedBytes += bytes;
            if (newestIngestTime.isEmpty() || ingestTime.isAfter(newestIngestTime.get())) {
                newestIngestTime = Optional.of(ingestTime);
            }
            if (++unpublishedRecords == COUNTER_BATCH) {
                publishCounts();
            }
        }

        private void appendRow() {
            try {
                rows.get().append(csv.bytes(), csv.length());
            } catch (InterruptedException e) {
                // Nothing interrupts a drain (a stopped run says so through the stop flag); keep the status anyway.
                Thread.currentThread().interrupt();
                throw new CancellationException("landing of partition " + range.partition() + " stopped");
            }
        }

        void publishCounts() {
            counters.add(unpublishedRecords, unpublishedInvalid, unpublishedBytes);
            unpublishedRecords = 0;
            unpublishedInvalid = 0;
            unpublishedBytes = 0;
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
