package io.lambdaarch.localstack;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.common.config.SettingType;
import java.nio.file.Path;

/**
 * How the local stack runs: where its data lives, which ports it binds (0 = any free port) and whether data must
 * survive a crash ({@code durable}: fsync on). Read from {@code LAMBDA_STACK_*} variables or command-line options.
 */
public record LocalStackConfig(
        Path dataDir,
        String host,
        int kafkaPort,
        int kafkaControllerPort,
        int s3Port,
        int postgresPort,
        boolean durable) {
    public static final Setting<Path> DATA_DIR = Setting.define("LAMBDA_STACK_DATA_DIR", SettingType.path(), Service.STACK)
            .defaultValue(Path.of(".lambda", "data"))
            .doc("local stack data (`--data-dir` overrides)");
    public static final Setting<String> HOST = Setting.define("LAMBDA_STACK_HOST", SettingType.string(), Service.STACK)
            .defaultValue("127.0.0.1")
            .doc("local stack bind address");
    public static final Setting<Integer> KAFKA_PORT = Setting.define("LAMBDA_STACK_KAFKA_PORT", SettingType.integer(0, 65535), Service.STACK)
            .defaultValue(19092)
            .doc("local Kafka broker port (`0` picks a free one)");
    public static final Setting<Integer> KAFKA_CONTROLLER_PORT = Setting.define("LAMBDA_STACK_KAFKA_CONTROLLER_PORT",
                    SettingType.integer(0, 65535), Service.STACK)
            .defaultValue(19093)
            .doc("local Kafka controller port (`0` picks a free one)");
    public static final Setting<Integer> S3_PORT = Setting.define("LAMBDA_STACK_S3_PORT", SettingType.integer(0, 65535), Service.STACK)
            .defaultValue(19000)
            .doc("local S3 port (`0` picks a free one)");
    public static final Setting<Integer> POSTGRES_PORT = Setting.define("LAMBDA_STACK_POSTGRES_PORT",
                    SettingType.integer(0, 65535), Service.STACK)
            .defaultValue(15432)
            .doc("local PostgreSQL port (`0` picks a free one)");

    /** The bind address of a throw-away stack. */
    public static final String DEFAULT_HOST = HOST.defaultValue().orElseThrow();

    /** The topic, bucket and database every service uses on the local stack. */
    public static final String TOPIC = "tweets";
    public static final String DLQ_TOPIC = "tweets.dlq";
    public static final int TOPIC_PARTITIONS = 3;
    public static final String BUCKET = "lambda-archive";
    public static final String DATABASE = "lambda";
    public static final String USER = "lambda";
    public static final String PASSWORD = "lambda";
    public static final String ACCESS_KEY = "lambda";
    public static final String SECRET_KEY = "lambda-local-secret";

    public LocalStackConfig {
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(host, "host is null");
        KAFKA_PORT.requireValid(kafkaPort);
        KAFKA_CONTROLLER_PORT.requireValid(kafkaControllerPort);
        S3_PORT.requireValid(s3Port);
        POSTGRES_PORT.requireValid(postgresPort);
    }

    /** Reads the {@code LAMBDA_STACK_*} settings; throws {@code ConfigException} naming every bad one. */
    public static LocalStackConfig from(ConfigSource source) {
        return from(source, SettingOverrides.none());
    }

    /** Reads the {@code LAMBDA_STACK_*} settings with {@code overrides} (options) winning. */
    public static LocalStackConfig from(ConfigSource source, SettingOverrides overrides) {
        ConfigReader reader = new ConfigReader(source, overrides);
        LocalStackConfig config = new LocalStackConfig(
                reader.get(DATA_DIR),
                reader.get(HOST),
                reader.get(KAFKA_PORT),
                reader.get(KAFKA_CONTROLLER_PORT),
                reader.get(S3_PORT),
                reader.get(POSTGRES_PORT),
                true);
        reader.validate();
        return config;
    }

    /** Throw-away stack for tests: data under {@code dataDir}, free ports, fsync off. */
    public static LocalStackConfig ephemeral(Path dataDir) {
        return new LocalStackConfig(dataDir, DEFAULT_HOST, 0, 0, 0, 0, false);
    }
}
