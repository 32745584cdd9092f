package io.lambdaarch.batch.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.common.config.SettingType;
import io.lambdaarch.common.config.WarehouseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the batch job needs, read once at start-up from the environment (and the files it names) with every
 * problem reported together. The shared settings come from common; the {@code LAMBDA_BATCH_*} ones are the batch
 * layer's own, each declared once below (the README table is rendered from the declarations).
 *
 * @param kafka the topic to land
 * @param s3 the archive bucket
 * @param warehouse where raw_batch, batch_view and the bookkeeping live
 * @param pipeline the ingest bucket size B (shared with the speed layer)
 * @param clockMargin subtracted from the broker-clock reading when computing landed_through
 * @param clockProbeTopic a LogAppendTime topic the job writes one probe record to, to read the broker's clock
 * @param fileMaxRecords most records in one archive file
 * @param fileMaxBytes most uncompressed bytes in one archive file (one record may overshoot it)
 * @param tempDir where archive files are staged before upload
 * @param lockTimeout how long a run waits for another run's lock
 * @param lockStaleAfter how long another run may hold the lock before a waiting run reports it stuck (exit 4)
 * @param progressInterval how often progress lines are printed during long work
 * @param kafkaTimeout how long Kafka may stay silent before the run fails
 * @param consumerGroup the consumer group the landed offsets are also committed to, for monitoring only
 * @param redshiftIamRole the IAM role Redshift's COPY assumes to read the archive (needed by a warehouse whose COPY
 *     reads S3 itself)
 * @param metrics where each command leaves its metrics when it exits (textfile directory, Pushgateway)
 * @param fullRecomputeEvery how long after the last full recompute a batch run does a full one again instead of an
 *     incremental one
 * @param views the declared views ({@code LAMBDA_VIEWS_FILE}), each of which every batch run builds
 */
public record BatchConfig(
        KafkaSettings kafka,
        S3Settings s3,
        WarehouseSettings warehouse,
        PipelineSettings pipeline,
        Duration clockMargin,
        Optional<String> clockProbeTopic,
        long fileMaxRecords,
        long fileMaxBytes,
        Path tempDir,
        Duration lockTimeout,
        Duration lockStaleAfter,
        Duration progressInterval,
        Duration kafkaTimeout,
        String consumerGroup,
        Optional<String> redshiftIamRole,
        BatchMetricsSettings metrics,
        Duration fullRecomputeEvery,
        ViewCatalog views) {

    public static final Setting<Duration> CLOCK_MARGIN = Setting.define("LAMBDA_BATCH_CLOCK_MARGIN",
                    SettingType.duration(Duration.ZERO), Service.BATCH)
            .defaultValue(Duration.ofSeconds(30))
            .doc("subtracted from the broker-clock reading when computing `landed_through` (clock skew, records stamped"
                    + " but not yet visible)");
    public static final Setting<String> CLOCK_PROBE_TOPIC = Setting.define("LAMBDA_BATCH_CLOCK_PROBE_TOPIC",
                    SettingType.string(), Service.BATCH)
            .doc("optional `LogAppendTime` topic; one probe record per run reads the broker's clock, so the job's clock"
                    + " no longer counts (see docs/batch-layer.md)");
    public static final Setting<Long> FILE_MAX_RECORDS = Setting.define("LAMBDA_BATCH_FILE_MAX_RECORDS",
                    SettingType.longInteger(1, 100_000_000L), Service.BATCH)
            .defaultValue(1_000_000L)
            .doc("most records per archive file");
    public static final Setting<Long> FILE_MAX_BYTES = Setting.define("LAMBDA_BATCH_FILE_MAX_BYTES",
                    SettingType.longInteger(1024, 16L * 1024 * 1024 * 1024), Service.BATCH)
            .defaultValue(256L * 1024 * 1024)
            .doc("most uncompressed bytes per archive file (one record may overshoot it)");
    public static final Setting<Path> TEMP_DIR = Setting.define("LAMBDA_BATCH_TEMP_DIR", SettingType.writableDirectory(), Service.BATCH)
            .defaultDescribedAs("system temp")
            .doc("where archive files are staged before upload (at most two per partition drained at once, so up to 8)");
    public static final Setting<Duration> LOCK_TIMEOUT = Setting.define("LAMBDA_BATCH_LOCK_TIMEOUT",
                    SettingType.duration(Duration.ZERO), Service.BATCH)
            .defaultValue(Duration.ofSeconds(30))
            .doc("how long a run waits for another run's lock before exiting 3 (`--lock-timeout` overrides)");
    public static final Setting<Duration> PROGRESS_INTERVAL = Setting.define("LAMBDA_BATCH_PROGRESS_INTERVAL",
                    SettingType.duration(Duration.ofMillis(100)), Service.BATCH)
            .defaultValue(Duration.ofSeconds(10))
            .doc("interval between progress lines");
    public static final Setting<Duration> KAFKA_TIMEOUT = Setting.define("LAMBDA_BATCH_KAFKA_TIMEOUT",
                    SettingType.duration(Duration.ofSeconds(1)), Service.BATCH)
            .defaultValue(Duration.ofSeconds(30))
            .doc("how long Kafka may stay silent before the run fails");
    public static final Setting<String> CONSUMER_GROUP = Setting.define("LAMBDA_BATCH_CONSUMER_GROUP", SettingType.string(), Service.BATCH)
            .defaultValue("lambda-batch")
            .doc("consumer group the landed offsets are mirrored to, for lag dashboards only");
    public static final Setting<String> REDSHIFT_IAM_ROLE = Setting.define("LAMBDA_BATCH_REDSHIFT_IAM_ROLE",
                    SettingType.matching("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+",
                            "an IAM role ARN such as arn:aws:iam::123456789012:role/RedshiftCopy"),
                    Service.BATCH)
            .defaultDescribedAs("(required for Redshift)")
            .doc("IAM role ARN Redshift's `COPY` assumes to read the archive");
    /** Read by the batch Docker image's entrypoint, not by the job: declared here so the README documents it once. */
    public static final Setting<String> SCHEDULE = Setting.define("LAMBDA_BATCH_SCHEDULE",
                    SettingType.matching("\\S+( \\S+){4}", "five cron fields"), Service.BATCH)
            .defaultValue("*/5 * * * *")
            .doc("batch Docker image only: the cron schedule (five fields, UTC) on which the container runs"
                    + " `batch-layer.jar run`");
    /**
     * A run that finds the lock held for longer than this exits 4, not 3: the holder is likely stuck (a half-open
     * connection, a hung statement) and needs an operator. Longer than the longest run you expect.
     */
    public static final Setting<Duration> LOCK_STALE_AFTER = Setting.define("LAMBDA_BATCH_LOCK_STALE_AFTER",
                    SettingType.duration(Duration.ofSeconds(1)), Service.BATCH)
            .defaultValue(Duration.ofHours(3))
            .doc("a run that finds the lock held for longer than this exits 4 (the holder is likely stuck;"
                    + " [batch-layer.md](docs/batch-layer.md#the-batch-lock))");

    /**
     * Incremental runs are exact by the landed_through guarantee; a periodic full recompute rebuilds batch_view from the
     * master data anyway (the Lambda property), and bounds what a broken guarantee (a clock far off) could cost.
     */
    public static final Setting<Duration> FULL_RECOMPUTE_EVERY = Setting.define("LAMBDA_BATCH_FULL_RECOMPUTE_EVERY",
                    SettingType.duration(Duration.ZERO), Service.BATCH)
            .defaultValue(Duration.ofHours(24))
            .doc("a batch run rebuilds `batch_view` from every first copy when the last full recompute finished at least"
                    + " this long ago, and otherwise adds only the first copies ingested since the previous cutoff; `0s`"
                    + " makes every run full ([batch-layer.md](docs/batch-layer.md#incremental-runs))");

    public BatchConfig {
        requireNonNull(kafka, "kafka is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(clockProbeTopic, "clockProbeTopic is null");
        requireNonNull(tempDir, "tempDir is null");
        LOCK_STALE_AFTER.requireValid(lockStaleAfter);
        requireNonNull(progressInterval, "progressInterval is null");
        requireNonNull(kafkaTimeout, "kafkaTimeout is null");
        requireNonNull(consumerGroup, "consumerGroup is null");
        requireNonNull(redshiftIamRole, "redshiftIamRole is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(views, "views is null");
        FILE_MAX_RECORDS.requireValid(fileMaxRecords);
        FILE_MAX_BYTES.requireValid(fileMaxBytes);
        CLOCK_MARGIN.requireValid(clockMargin);
        LOCK_TIMEOUT.requireValid(lockTimeout);
        FULL_RECOMPUTE_EVERY.requireValid(fullRecomputeEvery);
        if (warehouse.warehouse().copyReadsS3() && redshiftIamRole.isEmpty()) {
            throw new IllegalArgumentException(warehouse.warehouse().displayName() + " needs an IAM role for COPY");
        }
    }

    /** Every setting the batch job reads (and the Docker image's schedule). */
    public static List<Setting<?>> settings() {
        return Setting.declaredIn(KafkaSettings.class, S3Settings.class, WarehouseSettings.class, PipelineSettings.class,
                BatchConfig.class, BatchMetricsSettings.class);
    }

    /** Reads every setting from {@code source}; throws a ConfigException listing all problems at once. */
    public static BatchConfig from(ConfigSource source) {
        return from(source, SettingOverrides.none());
    }

    /** Reads every setting from {@code source}, with {@code overrides} (options) winning; reports all problems at once. */
    public static BatchConfig from(ConfigSource source, SettingOverrides overrides) {
        ConfigReader reader = new ConfigReader(source, overrides);
        KafkaSettings kafka = KafkaSettings.from(reader);
        S3Settings s3 = S3Settings.from(reader);
        WarehouseSettings warehouse = WarehouseSettings.from(reader);
        PipelineSettings pipeline = PipelineSettings.from(reader);
        ViewCatalog views = PipelineSettings.views(reader);

        Duration clockMargin = reader.get(CLOCK_MARGIN);
        Optional<String> probeTopic = reader.optional(CLOCK_PROBE_TOPIC);
        probeTopic.ifPresent(topic -> reader.check(!topic.equals(kafka.topic()) && !topic.equals(kafka.dlqTopic()),
                CLOCK_PROBE_TOPIC + " (" + topic + ") must differ from " + KafkaSettings.TOPIC + " and "
                        + KafkaSettings.DLQ_TOPIC + ": probe records must never reach a data topic"));
        long maxRecords = reader.get(FILE_MAX_RECORDS);
        long maxBytes = reader.get(FILE_MAX_BYTES);
        Path tempDir = reader.optional(TEMP_DIR).orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
        if (!reader.isGiven(TEMP_DIR)) {
            // The system default is not checked by the type, and a full or read-only /tmp must still fail here.
            TEMP_DIR.type().check(tempDir).ifPresent(expected -> reader.invalid(TEMP_DIR, tempDir.toString(), expected));
        }
        Duration lockTimeout = reader.get(LOCK_TIMEOUT);
        Duration staleAfter = reader.get(LOCK_STALE_AFTER);
        Duration progress = reader.get(PROGRESS_INTERVAL);
        Duration kafkaTimeout = reader.get(KAFKA_TIMEOUT);
        String group = reader.get(CONSUMER_GROUP);
        Optional<String> iamRole = reader.optional(REDSHIFT_IAM_ROLE);
        reader.check(!warehouse.warehouse().copyReadsS3() || reader.isGiven(REDSHIFT_IAM_ROLE),
                "Missing " + REDSHIFT_IAM_ROLE + ": " + WarehouseSettings.URL + " names " + warehouse.warehouse().displayName()
                        + ", whose COPY reads the archive from S3 with an IAM role");
        BatchMetricsSettings metrics = BatchMetricsSettings.from(reader);
        Duration fullEvery = reader.get(FULL_RECOMPUTE_EVERY);
        reader.validate();
        return new BatchConfig(kafka, s3, warehouse, pipeline, clockMargin, probeTopic, maxRecords, maxBytes,
                tempDir, lockTimeout, staleAfter, progress, kafkaTimeout, group, iamRole, metrics, fullEvery, views);
    }
}
