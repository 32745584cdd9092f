package io.lambdaarch.speed.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything the speed-layer job needs, read once at start-up from the environment (and the options that override
 * it). Spark's own settings (master, memory, shuffle partitions) stay with {@code spark-submit --conf}.
 *
 * @param kafka the topic to read and how to reach it
 * @param warehouse where speed_view and speed_commits live
 * @param pipeline ingest bucket size B and retention, shared with the batch layer
 * @param checkpointLocation Spark checkpoint directory: a local path or a Hadoop URI such as {@code s3a://bucket/path}
 * @param triggerInterval how often a micro-batch starts when the job runs continuously
 * @param maxOffsetsPerTrigger cap on Kafka records per micro-batch, empty for no cap
 * @param watermarkDelay how far behind the newest ingest time the watermark trails: ids are deduplicated within it,
 *     and records older than it are late
 * @param once process what is in the topic now and exit (Trigger.AvailableNow), instead of running forever
 * @param metrics where the driver serves {@code /metrics} ({@code LAMBDA_SPEED_METRICS_PORT}); no port, no endpoint
 */
public record SpeedLayerConfig(
        KafkaSettings kafka,
        WarehouseSettings warehouse,
        PipelineSettings pipeline,
        String checkpointLocation,
        Duration triggerInterval,
        OptionalLong maxOffsetsPerTrigger,
        Duration watermarkDelay,
        boolean once,
        MetricsEndpointSettings metrics) {
    public static final String CHECKPOINT = "LAMBDA_SPEED_CHECKPOINT";
    public static final String TRIGGER_INTERVAL = "LAMBDA_SPEED_TRIGGER_INTERVAL";
    public static final String MAX_OFFSETS_PER_TRIGGER = "LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER";
    public static final String WATERMARK_DELAY = "LAMBDA_SPEED_WATERMARK_DELAY";
    /** Port of the driver's Prometheus {@code /metrics}; unset, none is served. */
    public static final String METRICS_PORT = "LAMBDA_SPEED_METRICS_PORT";

    public static final String DEFAULT_CHECKPOINT = ".lambda/speed-checkpoint";
    public static final Duration DEFAULT_TRIGGER_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_WATERMARK_DELAY = Duration.ofMinutes(10);

    public SpeedLayerConfig {
        requireNonNull(kafka, "kafka is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(checkpointLocation, "checkpointLocation is null");
        requireNonNull(triggerInterval, "triggerInterval is null");
        requireNonNull(maxOffsetsPerTrigger, "maxOffsetsPerTrigger is null");
        requireNonNull(watermarkDelay, "watermarkDelay is null");
        requireNonNull(metrics, "metrics is null");
        if (checkpointLocation.isBlank()) {
            throw new IllegalArgumentException("checkpointLocation is blank");
        }
        if (triggerInterval.isNegative() || watermarkDelay.isNegative()) {
            throw new IllegalArgumentException("triggerInterval and watermarkDelay must not be negative");
        }
    }

    /**
     * Reads the configuration from {@code source}; every problem is reported together in one
     * {@link io.lambdaarch.common.config.ConfigException}.
     */
    public static SpeedLayerConfig from(ConfigSource source, boolean once) {
        ConfigReader reader = new ConfigReader(source);
        KafkaSettings kafka = KafkaSettings.from(reader);
        WarehouseSettings warehouse = WarehouseSettings.from(reader);
        int problemsBefore = reader.problemCount();
        PipelineSettings pipeline = PipelineSettings.from(reader);
        String checkpoint = reader.string(CHECKPOINT, DEFAULT_CHECKPOINT);
        Duration trigger = reader.duration(TRIGGER_INTERVAL, DEFAULT_TRIGGER_INTERVAL, Duration.ZERO);
        Optional<String> rawMaxOffsets = reader.optionalString(MAX_OFFSETS_PER_TRIGGER);
        OptionalLong maxOffsets = OptionalLong.empty();
        if (rawMaxOffsets.isPresent()) {
            long value = reader.longValue(MAX_OFFSETS_PER_TRIGGER, 0, 1, Long.MAX_VALUE);
            maxOffsets = value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        }
        Duration watermarkDelay = reader.duration(WATERMARK_DELAY, DEFAULT_WATERMARK_DELAY, Duration.ZERO);
        // A delay beyond retention would keep deduplication state for ids whose buckets are already deleted.
        // Compared only when both values passed their own checks, so the message quotes what the user gave.
        if (reader.problemCount() == problemsBefore) {
            reader.check(watermarkDelay.compareTo(pipeline.speedRetention()) < 0,
                    WATERMARK_DELAY + " (" + Durations.format(watermarkDelay) + ") must be shorter than "
                            + PipelineSettings.SPEED_RETENTION + " (" + Durations.format(pipeline.speedRetention()) + ")");
        }
        MetricsEndpointSettings metrics = MetricsEndpointSettings.from(reader, METRICS_PORT);
        reader.validate();
        return new SpeedLayerConfig(kafka, warehouse, pipeline, checkpoint, trigger, maxOffsets, watermarkDelay, once,
                metrics);
    }
}
