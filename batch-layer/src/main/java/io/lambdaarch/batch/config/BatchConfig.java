package io.lambdaarch.batch.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.WarehouseSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the batch job needs, read once at start-up from the environment (and the files it names) with every
 * problem reported together. The shared settings come from common; the {@code LAMBDA_BATCH_*} ones are the batch
 * layer's own and are documented on their constants and in the README table.
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
        BatchMetricsSettings metrics) {

    /** Margin for skew between clocks and for records stamped by the broker but not yet visible to readers. */
    public static final String CLOCK_MARGIN = "LAMBDA_BATCH_CLOCK_MARGIN";
    /** Optional LogAppendTime topic; one probe record per run reads the broker's clock (see docs/batch-layer.md). */
    public static final String CLOCK_PROBE_TOPIC = "LAMBDA_BATCH_CLOCK_PROBE_TOPIC";
    /** Most records per archive file. */
    public static final String FILE_MAX_RECORDS = "LAMBDA_BATCH_FILE_MAX_RECORDS";
    /** Most uncompressed bytes per archive file. */
    public static final String FILE_MAX_BYTES = "LAMBDA_BATCH_FILE_MAX_BYTES";
    /** Staging directory for archive files. */
    public static final String TEMP_DIR = "LAMBDA_BATCH_TEMP_DIR";
    /** How long a run waits for the lock (the --lock-timeout option overrides it). */
    public static final String LOCK_TIMEOUT = "LAMBDA_BATCH_LOCK_TIMEOUT";
    /**
     * A run that finds the lock held for longer than this exits 4, not 3: the holder is likely stuck (a half-open
     * connection, a hung statement) and needs an operator. Longer than the longest run you expect.
     */
    public static final String LOCK_STALE_AFTER = "LAMBDA_BATCH_LOCK_STALE_AFTER";
    /** Interval between progress lines. */
    public static final String PROGRESS_INTERVAL = "LAMBDA_BATCH_PROGRESS_INTERVAL";
    /** Longest silence from Kafka before the run fails. */
    public static final String KAFKA_TIMEOUT = "LAMBDA_BATCH_KAFKA_TIMEOUT";
    /** Consumer group the landed offsets are mirrored to (informational). */
    public static final String CONSUMER_GROUP = "LAMBDA_BATCH_CONSUMER_GROUP";
    /** IAM role ARN for Redshift's COPY from S3. */
    public static final String REDSHIFT_IAM_ROLE = "LAMBDA_BATCH_REDSHIFT_IAM_ROLE";

    public static final Duration DEFAULT_CLOCK_MARGIN = Duration.ofSeconds(30);
    public static final long DEFAULT_FILE_MAX_RECORDS = 1_000_000L;
    public static final long DEFAULT_FILE_MAX_BYTES = 256L * 1024 * 1024;
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LOCK_STALE_AFTER = Duration.ofHours(3);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_KAFKA_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_CONSUMER_GROUP = "lambda-batch";

    public BatchConfig {
        requireNonNull(kafka, "kafka is null");
        requireNonNull(s3, "s3 is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(clockMargin, "clockMargin is null");
        requireNonNull(clockProbeTopic, "clockProbeTopic is null");
        requireNonNull(tempDir, "tempDir is null");
        requireNonNull(lockTimeout, "lockTimeout is null");
        requireNonNull(lockStaleAfter, "lockStaleAfter is null");
        requireNonNull(progressInterval, "progressInterval is null");
        requireNonNull(kafkaTimeout, "kafkaTimeout is null");
        requireNonNull(consumerGroup, "consumerGroup is null");
        requireNonNull(redshiftIamRole, "redshiftIamRole is null");
        requireNonNull(metrics, "metrics is null");
        if (fileMaxRecords < 1 || fileMaxBytes < 1) {
            throw new IllegalArgumentException("file limits must be positive");
        }
        if (clockMargin.isNegative() || lockTimeout.isNegative()) {
            throw new IllegalArgumentException("clockMargin and lockTimeout must not be negative");
        }
        if (warehouse.warehouse().copyReadsS3() && redshiftIamRole.isEmpty()) {
            throw new IllegalArgumentException(warehouse.warehouse().displayName() + " needs an IAM role for COPY");
        }
    }

    /** Reads every setting from {@code source}; throws a ConfigException listing all problems at once. */
    public static BatchConfig from(ConfigSource source) {
        ConfigReader reader = new ConfigReader(source);
        KafkaSettings kafka = KafkaSettings.from(reader);
        S3Settings s3 = S3Settings.from(reader);
        WarehouseSettings warehouse = WarehouseSettings.from(reader);
        PipelineSettings pipeline = PipelineSettings.from(reader);

        Duration clockMargin = reader.duration(CLOCK_MARGIN, DEFAULT_CLOCK_MARGIN, Duration.ZERO);
        Optional<String> probeTopic = reader.optionalString(CLOCK_PROBE_TOPIC);
        probeTopic.ifPresent(topic -> reader.check(!topic.equals(kafka.topic()) && !topic.equals(kafka.dlqTopic()),
                CLOCK_PROBE_TOPIC + " (" + topic + ") must differ from " + KafkaSettings.TOPIC + " and "
                        + KafkaSettings.DLQ_TOPIC + ": probe records must never reach a data topic"));
        long maxRecords = reader.longValue(FILE_MAX_RECORDS, DEFAULT_FILE_MAX_RECORDS, 1, 100_000_000L);
        long maxBytes = reader.longValue(FILE_MAX_BYTES, DEFAULT_FILE_MAX_BYTES, 1024, 16L * 1024 * 1024 * 1024);
        Path tempDir = Path.of(reader.string(TEMP_DIR, System.getProperty("java.io.tmpdir")));
        if (!Files.isDirectory(tempDir) || !Files.isWritable(tempDir)) {
            reader.invalid(TEMP_DIR, tempDir.toString(), "an existing, writable directory");
        }
        Duration lockTimeout = reader.duration(LOCK_TIMEOUT, DEFAULT_LOCK_TIMEOUT, Duration.ZERO);
        Duration staleAfter = reader.duration(LOCK_STALE_AFTER, DEFAULT_LOCK_STALE_AFTER, Duration.ofSeconds(1));
        Duration progress = reader.duration(PROGRESS_INTERVAL, DEFAULT_PROGRESS_INTERVAL, Duration.ofMillis(100));
        Duration kafkaTimeout = reader.duration(KAFKA_TIMEOUT, DEFAULT_KAFKA_TIMEOUT, Duration.ofSeconds(1));
        String group = reader.string(CONSUMER_GROUP, DEFAULT_CONSUMER_GROUP);
        Optional<String> iamRole = reader.optionalString(REDSHIFT_IAM_ROLE);
        iamRole.ifPresent(role -> {
            if (!role.matches("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+")) {
                reader.invalid(REDSHIFT_IAM_ROLE, role, "an IAM role ARN such as arn:aws:iam::123456789012:role/RedshiftCopy");
            }
        });
        reader.check(!warehouse.warehouse().copyReadsS3() || iamRole.isPresent(),
                "Missing " + REDSHIFT_IAM_ROLE + ": " + WarehouseSettings.URL + " names " + warehouse.warehouse().displayName()
                        + ", whose COPY reads the archive from S3 with an IAM role");
        BatchMetricsSettings metrics = BatchMetricsSettings.from(reader);
        reader.validate();
        return new BatchConfig(kafka, s3, warehouse, pipeline, clockMargin, probeTopic, maxRecords, maxBytes,
                tempDir, lockTimeout, staleAfter, progress, kafkaTimeout, group, iamRole, metrics);
    }
}
