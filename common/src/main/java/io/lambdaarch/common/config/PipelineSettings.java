package io.lambdaarch.common.config;

import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewsFile;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings the batch and speed layers must agree on for the merge to be exact (docs/design.md#the-boundary-rule): the ingest
 * bucket size B and how long the speed layer keeps buckets.
 */
public record PipelineSettings(Duration ingestBucket, Duration speedRetention) {
    public static final Setting<Duration> INGEST_BUCKET = Setting.define("LAMBDA_INGEST_BUCKET",
                    SettingType.wholeSeconds(Duration.ofSeconds(1), Duration.ofDays(7)), Service.BATCH, Service.SPEED)
            .defaultValue(Duration.ofHours(1))
            .doc("ingest bucket size B; batch and speed layers must agree");
    public static final Setting<Duration> SPEED_RETENTION = Setting.define("LAMBDA_SPEED_RETENTION",
                    SettingType.duration(Duration.ofSeconds(1), Duration.ofDays(366)), Service.SPEED)
            .defaultValue(Duration.ofHours(48))
            .doc("how long the speed layer keeps buckets, at least twice `LAMBDA_INGEST_BUCKET`; a new speed checkpoint"
                    + " starts reading the topic at now minus this");

    public static final Setting<Path> VIEWS_FILE = Setting.define("LAMBDA_VIEWS_FILE", SettingType.path(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultDescribedAs("the shipped views (`config/views.json`)")
            .doc("the views file: the views every layer builds and serves (docs/design.md#the-views-file); all"
                    + " services must read the same file");

    public PipelineSettings {
        INGEST_BUCKET.requireValid(ingestBucket);
        SPEED_RETENTION.requireValid(speedRetention);
    }

    /** Reads the pipeline settings; problems are collected in {@code reader}. */
    public static PipelineSettings from(ConfigReader reader) {
        int problemsBefore = reader.problemCount();
        Duration bucket = reader.get(INGEST_BUCKET);
        Duration retention = reader.get(SPEED_RETENTION);
        // Only compare values the user actually gave and that passed their own checks, so the message quotes them.
        if (reader.problemCount() == problemsBefore) {
            reader.check(retention.compareTo(bucket.multipliedBy(2)) >= 0, SPEED_RETENTION + " (" + Durations.format(retention)
                    + ") must be at least twice " + INGEST_BUCKET + " (" + Durations.format(bucket) + ")");
        }
        return new PipelineSettings(bucket, retention);
    }

    /**
     * The declared views: those of {@link #VIEWS_FILE}, or the shipped ones when it is not given. The one way every
     * service reads its views, so an invalid file stops each of them the same way: each problem (one line naming the
     * file, the view and the field) is collected in {@code reader}, whose {@code validate()} then fails; the shipped
     * views stand in meanwhile.
     */
    public static ViewCatalog views(ConfigReader reader) {
        int problemsBefore = reader.problemCount();
        java.util.Optional<Path> file = reader.optional(VIEWS_FILE);
        if (file.isEmpty() || reader.problemCount() > problemsBefore) {
            return ViewCatalog.shipped();
        }
        try {
            return ViewsFile.read(file.get());
        } catch (ConfigException e) {
            e.problems().forEach(problem -> reader.check(false, problem));
            return ViewCatalog.shipped();
        }
    }
}
