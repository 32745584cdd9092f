package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveFileWriter;
import io.lambdaarch.batch.archive.ArchiveKind;
import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.batch.archive.CsvRowEncoder;
import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.PartitionReader;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains partition ranges, one after the other, on one thread: each record is read, validated and encoded once,
 * into its archive line (raw or quarantine, cut into bounded gzipped files that are uploaded in the background as they
 * fill) and, for a
 * valid record where the warehouse takes streamed rows, into its COPY row, handed on in blocks while the drain goes on.
 *
 * <p>Not thread-safe: it owns one Kafka consumer, its validator and its encoders.
 */
final class PartitionDrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionDrainer.class);
    /** Records between two updates of the shared counters. */
    private static final int COUNTER_BATCH = 1024;

    private final BatchConfig config;
    private final ArchiveUploads uploads;
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
    PartitionDrainer(BatchConfig config, ArchiveUploads uploads, PartitionReader reader,
            Optional<RowBlocks.Writer> rows, DrainCounters counters, BooleanSupplier stopped) {
        this.config = requireNonNull(config, "config is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.reader = requireNonNull(reader, "reader is null");
        this.rows = requireNonNull(rows, "rows is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.stopped = requireNonNull(stopped, "stopped is null");
    }

    /** Drains {@code range}; its files are handed to the uploads and its COPY rows handed on when this returns. */
    DrainedPartition drain(PartitionRange range) throws InterruptedException {
        Partition partition = new Partition(range);
        try (ArchiveFileWriter raw = writer(ArchiveKind.RAW, range.partition());
                ArchiveFileWriter quarantine = writer(ArchiveKind.QUARANTINE, range.partition())) {
            reader.read(range.partition(), range.from(), range.to(), record -> partition.handle(record, raw, quarantine));
            raw.flush();
            quarantine.flush();
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

    /**
     * A writer whose finished files go to the background uploads: each is renamed first, so the writer, which deletes
     * its staging file once it has handed it on, leaves it to the upload.
     */
    private ArchiveFileWriter writer(ArchiveKind kind, int partition) {
        return new ArchiveFileWriter(kind, partition, config.fileMaxRecords(), config.fileMaxBytes(), config.tempDir(),
                (key, file) -> uploads.upload(key, handOver(file)),
                file -> LOG.debug("Cut {} ({} records)", file.key(), file.records()));
    }

    private static Path handOver(Path staged) {
        try {
            return Files.move(staged, staged.resolveSibling(staged.getFileName() + ".upload"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot hand staging file " + staged + " to its upload", e);
        }
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
            EventValidator.Checked checked = validator.validateKeepingForm(record.value());
            ValidationResult result = checked.result();
            if (result instanceof ValidationResult.Valid accepted) {
                // Ingestion sends canonical records: their bytes are the line's event as they are.
                if (checked.canonical()) {
                    lines.writeRaw(record.value(), record.value().length, record.partition(), record.offset(), ingestTime,
                            line);
                } else {
                    lines.writeRaw(accepted.event(), record.partition(), record.offset(), ingestTime, line);
                }
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
