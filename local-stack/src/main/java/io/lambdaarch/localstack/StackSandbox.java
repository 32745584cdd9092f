package io.lambdaarch.localstack;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.S3Settings;
import io.lambdaarch.common.config.WarehouseSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * An isolated part of a shared {@link LocalStack}: own topic and DLQ topic, bucket and database (schema installed).
 * Tests use one per class so they never see each other's data.
 */
public record StackSandbox(
        LocalStack stack, String topic, String dlqTopic, String bucket, String database, Map<String, String> settings) {
    public StackSandbox {
        requireNonNull(stack, "stack is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(dlqTopic, "dlqTopic is null");
        requireNonNull(bucket, "bucket is null");
        requireNonNull(database, "database is null");
        settings = Map.copyOf(settings);
    }

    /** The sandbox's settings as a config source, for building a service's config record in a test. */
    public ConfigSource configSource() {
        return ConfigSource.of(settings);
    }

    /** The settings plus {@code extra} (which win), e.g. {@code LAMBDA_INGEST_BUCKET=1m}. */
    public ConfigSource configSource(Map<String, String> extra) {
        return configSource().withOverrides(extra, "test");
    }

    public KafkaSettings kafkaSettings() {
        return KafkaSettings.from(new ConfigReader(configSource()));
    }

    public S3Settings s3Settings() {
        return S3Settings.from(new ConfigReader(configSource()));
    }

    public WarehouseSettings warehouseSettings() {
        return stack.warehouse().settings(database);
    }

    /** A connection to the sandbox's database; the caller closes it. */
    public Connection connect() throws SQLException {
        return stack.warehouse().connect(database);
    }
}
