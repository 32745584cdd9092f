package io.lambdaarch.speed.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.common.config.SettingType;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.common.view.ViewCatalog;
import java.time.Duration;
import java.util.List;

/**
 * Everything the speed-layer job needs, read once at start-up from the environment (and the options that override
 * it). Spark's own settings (master, memory, shuffle partitions) stay with {@code spark-submit --conf}.
 *
 * @param kafka the topic to read and how to reach it
 * @param warehouse where speed_view and speed_commits live
 * @param pipeline ingest bucket size B and retention, shared with the batch layer
 * @param checkpointLocation Spark checkpoint directory: a local path or a Hadoop URI such as {@code s3a://bucket/path}
 * @param triggerInterval how often a micro-batch starts when the job runs continuously
 * @param maxOffsetsPerTrigger cap on Kafka records per micro-batch, so a first start over a full retention window reads
 *     it in bounded steps
 * @param watermarkDelay how far behind the newest ingest time the watermark trails: ids are deduplicated within it,
 *     and records older than it are late
 * @param leaseTimeout how long a driver that stopped renewing its lease on speed_view (speed_lease) keeps it, before
 *     another start may take it over
 * @param once process what is in the topic now and exit (Trigger.AvailableNow), instead of running forever
 * @param replaceCheckpoint this start replaces the checkpoint that wrote speed_view on purpose: speed_view is rebuilt
 *     from this job's checkpoint, instead of the start being refused
 * @param metrics where the driver serves {@code /metrics} ({@code LAMBDA_SPEED_METRICS_PORT}); no port, no endpoint
 * @param awsCredentials what an {@code s3a://} checkpoint signs with: keys (and session token) or the SDK's chain
 * @param views the declared views ({@code LAMBDA_VIEWS_FILE}), all aggregated by the one streaming query
 */
public record SpeedLayerConfig(
        KafkaSettings kafka,
        WarehouseSettings warehouse,
        PipelineSettings pipeline,
        String checkpointLocation,
        Duration triggerInterval,
        long maxOffsetsPerTrigger,
        Duration watermarkDelay,
        Duration leaseTimeout,
        boolean once,
        boolean replaceCheckpoint,
        MetricsEndpointSettings metrics,
        AwsCredentialSettings awsCredentials,
        ViewCatalog views) {
    public static final Setting<String> CHECKPOINT = Setting.define("LAMBDA_SPEED_CHECKPOINT", SettingType.string(), Service.SPEED)
            .defaultValue(".lambda/speed-checkpoint")
            .doc("Spark checkpoint of the speed job: a local path or a Hadoop URI such as `s3a://bucket/checkpoints/speed`");
    public static final Setting<Duration> TRIGGER_INTERVAL = Setting.define("LAMBDA_SPEED_TRIGGER_INTERVAL",
                    SettingType.duration(Duration.ZERO), Service.SPEED)
            .defaultValue(Duration.ofSeconds(30))
            .doc("time between the speed job's micro-batches");
    public static final Setting<Long> MAX_OFFSETS_PER_TRIGGER = Setting.define("LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER",
                    SettingType.longInteger(1, Long.MAX_VALUE), Service.SPEED)
            .defaultValue(200_000L)
            .doc("at most this many Kafka records per speed micro-batch, so a first start over the whole retention window"
                    + " (or a catch-up) reads it in bounded steps");
    public static final Setting<Duration> WATERMARK_DELAY = Setting.define("LAMBDA_SPEED_WATERMARK_DELAY",
                    SettingType.duration(Duration.ZERO), Service.SPEED)
            .defaultValue(Duration.ofMinutes(10))
            .doc("how far the speed job's watermark trails the newest ingest time: event ids are deduplicated within it;"
                    + " shorter than `LAMBDA_SPEED_RETENTION`");
    /** Four heartbeats per timeout: one lost heartbeat never costs the lease. */
    public static final Setting<Duration> LEASE_TIMEOUT = Setting.define("LAMBDA_SPEED_LEASE_TIMEOUT",
                    SettingType.duration(Duration.ofSeconds(4)), Service.SPEED)
            .defaultValue(Duration.ofSeconds(30))
            .doc("how long the speed job's lease on `speed_view` outlives its driver's last heartbeat: a start after a"
                    + " crash waits up to this long, and a second job refuses to start while the holder's heartbeat is"
                    + " younger");
    /** Port of the driver's Prometheus {@code /metrics}; unset, none is served. */
    public static final Setting<Integer> METRICS_PORT = Setting.define("LAMBDA_SPEED_METRICS_PORT",
                    SettingType.integer(0, 65_535), Service.SPEED)
            .doc("port of the speed job driver's Prometheus `/metrics` (`0` picks a free one); unset, none is served");

    public SpeedLayerConfig {
        requireNonNull(kafka, "kafka is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(checkpointLocation, "checkpointLocation is null");
        TRIGGER_INTERVAL.requireValid(triggerInterval);
        requireNonNull(metrics, "metrics is null");
        requireNonNull(awsCredentials, "awsCredentials is null");
        requireNonNull(views, "views is null");
        MAX_OFFSETS_PER_TRIGGER.requireValid(maxOffsetsPerTrigger);
        LEASE_TIMEOUT.requireValid(leaseTimeout);
        WATERMARK_DELAY.requireValid(watermarkDelay);
        if (checkpointLocation.isBlank()) {
            throw new IllegalArgumentException("checkpointLocation is blank");
        }
    }

    /** Every setting the speed layer reads. */
    public static List<Setting<?>> settings() {
        return Setting.declaredIn(KafkaSettings.class, WarehouseSettings.class, PipelineSettings.class, SpeedLayerConfig.class,
                MetricsEndpointSettings.class, AwsCredentialSettings.class);
    }

    /**
     * Reads the configuration from {@code source}, with {@code overrides} (options) winning; every problem is reported
     * together in one {@link io.lambdaarch.common.config.ConfigException}.
     */
    public static SpeedLayerConfig from(ConfigSource source, SettingOverrides overrides, boolean once,
            boolean replaceCheckpoint) {
        ConfigReader reader = new ConfigReader(source, overrides);
        KafkaSettings kafka = KafkaSettings.from(reader);
        WarehouseSettings warehouse = WarehouseSettings.from(reader);
        int problemsBefore = reader.problemCount();
        PipelineSettings pipeline = PipelineSettings.from(reader);
        String checkpoint = reader.get(CHECKPOINT);
        Duration trigger = reader.get(TRIGGER_INTERVAL);
        long maxOffsets = reader.get(MAX_OFFSETS_PER_TRIGGER);
        Duration watermarkDelay = reader.get(WATERMARK_DELAY);
        Duration leaseTimeout = reader.get(LEASE_TIMEOUT);
        // A delay beyond retention would keep deduplication state for ids whose buckets are already deleted.
        // Compared only when both values passed their own checks, so the message quotes what the user gave.
        if (reader.problemCount() == problemsBefore) {
            reader.check(watermarkDelay.compareTo(pipeline.speedRetention()) < 0,
                    WATERMARK_DELAY + " (" + Durations.format(watermarkDelay) + ") must be shorter than "
                            + PipelineSettings.SPEED_RETENTION + " (" + Durations.format(pipeline.speedRetention()) + ")");
        }
        MetricsEndpointSettings metrics = MetricsEndpointSettings.from(reader, METRICS_PORT);
        AwsCredentialSettings awsCredentials = AwsCredentialSettings.from(reader);
        ViewCatalog views = PipelineSettings.views(reader);
        reader.validate();
        return new SpeedLayerConfig(kafka, warehouse, pipeline, checkpoint, trigger, maxOffsets, watermarkDelay, leaseTimeout,
                once, replaceCheckpoint, metrics, awsCredentials, views);
    }

    /** Reads the configuration from {@code source} alone. */
    public static SpeedLayerConfig from(ConfigSource source, boolean once) {
        return from(source, SettingOverrides.none(), once, false);
    }
}
