package io.lambdaarch.localstack;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.files.Directories;
import io.lambdaarch.localstack.kafka.EmbeddedKafka;
import io.lambdaarch.localstack.postgres.EmbeddedWarehouse;
import io.lambdaarch.localstack.s3.EmbeddedS3;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded stack: Kafka, S3 and PostgreSQL, started together, with the project's topics, bucket and schema
 * in place. All data lives under one directory, locked while the stack runs so that a second stack on the same
 * data fails with a clear message.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final LocalStackConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedKafka kafka;
    private final EmbeddedS3 s3;
    private final EmbeddedWarehouse warehouse;

    private LocalStack(LocalStackConfig config, FileChannel lockChannel, FileLock lock,
            EmbeddedKafka kafka, EmbeddedS3 s3, EmbeddedWarehouse warehouse) {
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.kafka = kafka;
        this.s3 = s3;
        this.warehouse = warehouse;
    }

    /**
     * Starts the three servers (in parallel), then creates the topics, the bucket and the database. With
     * {@code reset}, the data of earlier runs is deleted first (only once this stack holds the data directory).
     */
    public static LocalStack start(LocalStackConfig config, boolean reset) {
        requireNonNull(config, "config is null");
        Path dataDir = config.dataDir().toAbsolutePath();
        FileChannel lockChannel = null;
        FileLock lock = null;
        EmbeddedKafka kafka = null;
        EmbeddedS3 s3 = null;
        EmbeddedWarehouse warehouse = null;
        try {
            Files.createDirectories(dataDir);
            lockChannel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel, dataDir);
            if (reset) {
                for (String part : new String[] {"kafka", "s3", "postgres"}) {
                    Directories.deleteRecursively(dataDir.resolve(part));
                }
            }

            String host = config.host();
            int kafkaPort = Ports.resolve(host, config.kafkaPort(), "Kafka", LocalStackConfig.KAFKA_PORT.name());
            int controllerPort = Ports.resolve(host, config.kafkaControllerPort(), "the Kafka controller",
                    LocalStackConfig.KAFKA_CONTROLLER_PORT.name());
            int s3Port = Ports.resolve(host, config.s3Port(), "S3", LocalStackConfig.S3_PORT.name());
            int postgresPort = Ports.resolve(host, config.postgresPort(), "PostgreSQL", LocalStackConfig.POSTGRES_PORT.name());

            CompletableFuture<EmbeddedWarehouse> pgStart = CompletableFuture.supplyAsync(() -> EmbeddedWarehouse.start(
                    dataDir.resolve("postgres"), host, postgresPort, LocalStackConfig.USER, LocalStackConfig.PASSWORD,
                    config.durable()));
            CompletableFuture<EmbeddedS3> s3Start = CompletableFuture.supplyAsync(() -> EmbeddedS3.start(
                    dataDir.resolve("s3"), host, s3Port, LocalStackConfig.ACCESS_KEY, LocalStackConfig.SECRET_KEY));
            try {
                kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), host, kafkaPort, controllerPort);
            } finally {
                s3 = join(s3Start);
                warehouse = join(pgStart);
            }

            kafka.createTopic(LocalStackConfig.TOPIC, LocalStackConfig.TOPIC_PARTITIONS,
                    Map.of("message.timestamp.type", "LogAppendTime"));
            kafka.createTopic(LocalStackConfig.DLQ_TOPIC, LocalStackConfig.TOPIC_PARTITIONS, Map.of());
            s3.createBucket(LocalStackConfig.BUCKET);
            warehouse.createDatabase(LocalStackConfig.DATABASE);
            return new LocalStack(config, lockChannel, lock, kafka, s3, warehouse);
        } catch (IOException e) {
            closeQuietly(kafka, s3, warehouse);
            release(lock, lockChannel);
            throw new UncheckedIOException("Cannot prepare data directory " + dataDir, e);
        } catch (RuntimeException e) {
            closeQuietly(kafka, s3, warehouse);
            release(lock, lockChannel);
            throw e;
        }
    }

    public LocalStackConfig config() {
        return config;
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public EmbeddedS3 s3() {
        return s3;
    }

    public EmbeddedWarehouse warehouse() {
        return warehouse;
    }

    /** The settings every service needs to use this stack, as {@code LAMBDA_*}/{@code AWS_*} variables. */
    public Map<String, String> connectionSettings() {
        return sandboxSettings(LocalStackConfig.TOPIC, LocalStackConfig.DLQ_TOPIC, LocalStackConfig.BUCKET, LocalStackConfig.DATABASE);
    }

    /** The settings as a {@link ConfigSource}, with nothing read from the environment. */
    public ConfigSource configSource() {
        return ConfigSource.of(connectionSettings());
    }

    public KafkaSettings kafkaSettings() {
        return new KafkaSettings(kafka.bootstrapServers(), LocalStackConfig.TOPIC, LocalStackConfig.DLQ_TOPIC, Map.of());
    }

    public WarehouseSettings warehouseSettings() {
        return warehouse.settings(LocalStackConfig.DATABASE);
    }

    /**
     * A fresh, isolated corner of this stack for one test: its own topics (same layout as the real ones), bucket and
     * database with the schema installed. {@code name} must be lower case letters, digits and underscores.
     */
    public StackSandbox sandbox(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("Sandbox names are lower-case letters, digits and underscores: " + name);
        }
        String topic = "tweets_" + name;
        String dlq = topic + ".dlq";
        String bucket = "sandbox-" + name.replace('_', '-');
        String database = "sandbox_" + name;
        kafka.createTopic(topic, LocalStackConfig.TOPIC_PARTITIONS, Map.of("message.timestamp.type", "LogAppendTime"));
        kafka.createTopic(dlq, LocalStackConfig.TOPIC_PARTITIONS, Map.of());
        s3.createBucket(bucket);
        warehouse.createDatabase(database);
        return new StackSandbox(this, topic, dlq, bucket, database, sandboxSettings(topic, dlq, bucket, database));
    }

    private Map<String, String> sandboxSettings(String topic, String dlq, String bucket, String database) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(KafkaSettings.BOOTSTRAP.name(), kafka.bootstrapServers());
        settings.put(KafkaSettings.TOPIC.name(), topic);
        settings.put(KafkaSettings.DLQ_TOPIC.name(), dlq);
        settings.put(S3Settings.ENDPOINT.name(), s3.endpoint().toString());
        settings.put(S3Settings.BUCKET.name(), bucket);
        settings.put(S3Settings.PATH_STYLE.name(), "true");
        settings.put(AwsCredentialSettings.ACCESS_KEY_ID.name(), s3.accessKey());
        settings.put(AwsCredentialSettings.SECRET_ACCESS_KEY.name(), s3.secretKey());
        settings.put(S3Settings.REGION.name(), EmbeddedS3.REGION);
        settings.put(WarehouseSettings.URL.name(), warehouse.jdbcUrl(database));
        settings.put(WarehouseSettings.USER.name(), warehouse.user());
        settings.put(WarehouseSettings.PASSWORD.name(), warehouse.password().reveal());
        return settings;
    }

    @Override
    public void close() {
        closeQuietly(kafka, s3, warehouse);
        release(lock, lockChannel);
        LOG.info("Local stack stopped");
    }

    private static FileLock tryLock(FileChannel channel, Path dataDir) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new TerseException("Another local stack is already running on data directory " + dataDir
                    + ": stop it first (Ctrl-C in its terminal), or set " + LocalStackConfig.DATA_DIR
                    + " and the LAMBDA_STACK_*_PORT variables to run a second one");
        }
        return lock;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable... parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Failed to stop {}", part.getClass().getSimpleName(), e);
            }
        }
    }

    private static void release(FileLock lock, FileChannel channel) {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            LOG.warn("Could not release the data directory lock", e);
        }
    }
}
