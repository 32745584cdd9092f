package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;

import software.amazon.awssdk.services.s3.S3Client;

/** Counts the batch layer's archive objects in the sandbox's bucket, to catch a landing in the middle of its uploads. */
public final class ArchiveListing implements AutoCloseable {
    /** Prefix of the valid records' files (docs/design.md#the-s3-archive). */
    public static final String RAW = "raw/";
    /** Prefix of the invalid records' files. */
    public static final String QUARANTINE = "quarantine/";

    private final S3Client s3;
    private final String bucket;

    /** Takes ownership of {@code s3}. */
    public ArchiveListing(S3Client s3, String bucket) {
        this.s3 = requireNonNull(s3, "s3 is null");
        this.bucket = requireNonNull(bucket, "bucket is null");
    }

    /** Objects whose key starts with {@code prefix}. */
    public long count(String prefix) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream().count();
    }

    @Override
    public void close() {
        s3.close();
    }
}
