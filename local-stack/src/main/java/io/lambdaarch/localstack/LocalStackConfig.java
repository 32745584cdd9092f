package io.lambdaarch.localstack;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
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
    public static final String DATA_DIR = "LAMBDA_STACK_DATA_DIR";
    public static final String HOST = "LAMBDA_STACK_HOST";
    public static final String KAFKA_PORT = "LAMBDA_STACK_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_PORT = "LAMBDA_STACK_KAFKA_CONTROLLER_PORT";
    public static final String S3_PORT = "LAMBDA_STACK_S3_PORT";
    public static final String POSTGRES_PORT = "LAMBDA_STACK_POSTGRES_PORT";

    public static final Path DEFAULT_DATA_DIR = Path.of(".lambda", "data");
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_KAFKA_PORT = 19092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
    public static final int DEFAULT_S3_PORT = 19000;
    public static final int DEFAULT_POSTGRES_PORT = 15432;

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
    }

    /** Reads the {@code LAMBDA_STACK_*} settings; throws {@code ConfigException} naming every bad one. */
    public static LocalStackConfig from(ConfigSource source) {
        ConfigReader reader = new ConfigReader(source);
        LocalStackConfig config = new LocalStackConfig(
                Path.of(reader.string(DATA_DIR, DEFAULT_DATA_DIR.toString())),
                reader.string(HOST, DEFAULT_HOST),
                reader.intValue(KAFKA_PORT, DEFAULT_KAFKA_PORT, 0, 65535),
                reader.intValue(KAFKA_CONTROLLER_PORT, DEFAULT_KAFKA_CONTROLLER_PORT, 0, 65535),
                reader.intValue(S3_PORT, DEFAULT_S3_PORT, 0, 65535),
                reader.intValue(POSTGRES_PORT, DEFAULT_POSTGRES_PORT, 0, 65535),
                true);
        reader.validate();
        return config;
    }

    /** Throw-away stack for tests: data under {@code dataDir}, free ports, fsync off. */
    public static LocalStackConfig ephemeral(Path dataDir) {
        return new LocalStackConfig(dataDir, DEFAULT_HOST, 0, 0, 0, 0, false);
    }
}
