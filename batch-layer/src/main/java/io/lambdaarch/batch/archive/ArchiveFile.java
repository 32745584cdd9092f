package io.lambdaarch.batch.archive;

import static java.util.Objects.requireNonNull;

/**
 * One uploaded archive file: a run of records of one partition, in offset order.
 *
 * @param key the S3 key, deterministic in (kind, ingest date, partition, first and last offset)
 * @param kind raw or quarantine
 * @param partition the Kafka partition
 * @param firstOffset offset of the first record in the file
 * @param lastOffset offset of the last record in the file
 * @param records number of lines
 * @param uncompressedBytes bytes of JSON Lines before gzip
 * @param compressedBytes size of the object in S3
 */
public record ArchiveFile(
        String key,
        ArchiveKind kind,
        int partition,
        long firstOffset,
        long lastOffset,
        long records,
        long uncompressedBytes,
        long compressedBytes) {
    public ArchiveFile {
        requireNonNull(key, "key is null");
        requireNonNull(kind, "kind is null");
        if (firstOffset > lastOffset || records < 1) {
            throw new IllegalArgumentException("an archive file holds at least one record in offset order: " + key);
        }
    }
}
