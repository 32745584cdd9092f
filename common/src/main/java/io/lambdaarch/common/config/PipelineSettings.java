package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings the batch and speed layers must agree on for the merge to be exact (docs/design.md#the-boundary-rule): the ingest
 * bucket size B and how long the speed layer keeps buckets.
 */
public record PipelineSettings(Duration ingestBucket, Duration speedRetention) {
    public static final String INGEST_BUCKET = "LAMBDA_INGEST_BUCKET";
    public static final String SPEED_RETENTION = "LAMBDA_SPEED_RETENTION";
    public static final Duration DEFAULT_INGEST_BUCKET = Duration.ofHours(1);
    public static final Duration DEFAULT_SPEED_RETENTION = Duration.ofHours(48);
    public static final Duration MAX_INGEST_BUCKET = Duration.ofDays(7);
    public static final Duration MAX_SPEED_RETENTION = Duration.ofDays(366);

    public PipelineSettings {
        requireNonNull(ingestBucket, "ingestBucket is null");
        requireNonNull(speedRetention, "speedRetention is null");
    }

    /** Reads the pipeline settings; problems are collected in {@code reader}. */
    public static PipelineSettings from(ConfigReader reader) {
        int problemsBefore = reader.problemCount();
        Duration bucket = reader.duration(INGEST_BUCKET, DEFAULT_INGEST_BUCKET, Duration.ofSeconds(1), MAX_INGEST_BUCKET);
        if (bucket.getNano() != 0) {
            reader.invalid(INGEST_BUCKET, Durations.format(bucket), "a whole number of seconds");
        }
        Duration retention = reader.duration(SPEED_RETENTION, DEFAULT_SPEED_RETENTION, Duration.ofSeconds(1), MAX_SPEED_RETENTION);
        // Only compare values the user actually gave and that passed their own checks, so the message quotes them.
        if (reader.problemCount() == problemsBefore) {
            reader.check(retention.compareTo(bucket.multipliedBy(2)) >= 0, SPEED_RETENTION + " (" + Durations.format(retention)
                    + ") must be at least twice " + INGEST_BUCKET + " (" + Durations.format(bucket) + ")");
        }
        return new PipelineSettings(bucket, retention);
    }
}
