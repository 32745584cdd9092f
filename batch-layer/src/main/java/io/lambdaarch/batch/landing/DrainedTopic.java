package io.lambdaarch.batch.landing;

import static java.util.Comparator.comparingInt;
import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveFile;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What one run drained from every partition with records, in partition order. */
public record DrainedTopic(List<DrainedPartition> partitions) {
    public DrainedTopic {
        partitions = requireNonNull(partitions, "partitions is null").stream()
                .sorted(comparingInt(p -> p.range().partition())).toList();
    }

    /** The raw files, by partition then offset: the run's manifest and the COPY of a warehouse that reads S3. */
    public List<ArchiveFile> rawFiles() {
        return partitions.stream().flatMap(p -> p.rawFiles().stream()).toList();
    }

    public int files() {
        return partitions.stream().mapToInt(p -> p.rawFiles().size() + p.quarantineFiles().size()).sum();
    }

    /** Compressed bytes of every file written, raw and quarantine. */
    public long archiveBytes() {
        return partitions.stream().mapToLong(p -> p.rawFiles().stream().mapToLong(ArchiveFile::compressedBytes).sum()
                + p.quarantineFiles().stream().mapToLong(ArchiveFile::compressedBytes).sum()).sum();
    }

    public long valid() {
        return partitions.stream().mapToLong(DrainedPartition::valid).sum();
    }

    public long invalid() {
        return partitions.stream().mapToLong(DrainedPartition::invalid).sum();
    }

    public long kafkaBytes() {
        return partitions.stream().mapToLong(DrainedPartition::kafkaBytes).sum();
    }

    /** The latest ingest time read from any partition. */
    public Optional<Instant> newestIngestTime() {
        return partitions.stream().map(DrainedPartition::newestIngestTime).flatMap(Optional::stream).max(Instant::compareTo);
    }
}
