package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What draining one partition's range produced.
 *
 * @param range the range drained
 * @param rawFiles the raw archive files uploaded, in offset order
 * @param quarantineFiles the quarantine files uploaded, in offset order
 * @param valid valid records (each a raw line and, where the warehouse takes streamed rows, a COPY row)
 * @param invalid invalid records (each a quarantine line)
 * @param kafkaBytes record value bytes read
 * @param newestIngestTime the latest ingest time seen, if any record was read
 */
public record DrainedPartition(PartitionRange range, List<ArchiveFile> rawFiles, List<ArchiveFile> quarantineFiles,
        long valid, long invalid, long kafkaBytes, Optional<Instant> newestIngestTime) {
    public DrainedPartition {
        requireNonNull(range, "range is null");
        rawFiles = List.copyOf(requireNonNull(rawFiles, "rawFiles is null"));
        quarantineFiles = List.copyOf(requireNonNull(quarantineFiles, "quarantineFiles is null"));
        requireNonNull(newestIngestTime, "newestIngestTime is null");
    }
}
