package io.lambdaarch.serving.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything the serving layer needs, read once at start-up from {@code LAMBDA_*} settings.
 *
 * @param warehouse where serving_view and the tables it merges live
 * @param kafka the event topic, when configured: only used to measure the speed layer's lag in records
 * @param host the address the HTTP server binds to (loopback unless configured)
 * @param port the HTTP port; 0 picks a free one
 * @param poolSize the most warehouse connections the API holds at once
 * @param queueSize the most requests that may wait for one of those connections; more are answered 503
 * @param queryTimeout how long one warehouse query may run before it is cancelled
 * @param lagRefresh how often the Kafka end offsets behind the records lag are fetched
 * @param warehouseSchema the schema that qualifies table names in Redshift's late-binding serving_view
 * @param allowedHosts host names accepted in the {@code Host} header besides loopback names and IP addresses;
 *     one starting with a dot also accepts its subdomains
 */
public record ServingConfig(
        WarehouseSettings warehouse,
        Optional<KafkaSettings> kafka,
        String host,
        int port,
        int poolSize,
        int queueSize,
        Duration queryTimeout,
        Duration lagRefresh,
        String warehouseSchema,
        List<String> allowedHosts) {
    public static final String HOST = "LAMBDA_SERVING_HOST";
    public static final String PORT = "LAMBDA_SERVING_PORT";
    public static final String POOL_SIZE = "LAMBDA_SERVING_POOL_SIZE";
    public static final String QUERY_TIMEOUT = "LAMBDA_SERVING_QUERY_TIMEOUT";
    public static final String LAG_REFRESH = "LAMBDA_SERVING_LAG_REFRESH";
    public static final String SCHEMA = "LAMBDA_SERVING_SCHEMA";
    public static final String QUEUE_SIZE = "LAMBDA_SERVING_QUEUE_SIZE";
    public static final String ALLOWED_HOSTS = "LAMBDA_SERVING_ALLOWED_HOSTS";

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_POOL_SIZE = 8;
    public static final int MAX_POOL_SIZE = 64;
    // 32 waiting behind 8 running: the bench's 32 closed-loop clients never see a 503.
    public static final int DEFAULT_QUEUE_SIZE = 32;
    public static final int MAX_QUEUE_SIZE = 1024;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_LAG_REFRESH = Duration.ofSeconds(5);
    public static final String DEFAULT_SCHEMA = "public";
    // DNS labels of letters, digits and hyphens, dot-separated; a leading dot stands for "and its subdomains".
    private static final String HOST_NAME = "\\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*";

    public ServingConfig {
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(host, "host is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        requireNonNull(lagRefresh, "lagRefresh is null");
        requireNonNull(warehouseSchema, "warehouseSchema is null");
        allowedHosts = List.copyOf(requireNonNull(allowedHosts, "allowedHosts is null"));
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("poolSize must be 1-" + MAX_POOL_SIZE + ": " + poolSize);
        }
        if (queueSize < 0 || queueSize > MAX_QUEUE_SIZE) {
            throw new IllegalArgumentException("queueSize must be 0-" + MAX_QUEUE_SIZE + ": " + queueSize);
        }
    }

    /** Reads the configuration; throws {@code ConfigException} naming every bad or missing setting at once. */
    public static ServingConfig from(ConfigSource source) {
        ConfigReader reader = new ConfigReader(source);
        WarehouseSettings warehouse = WarehouseSettings.from(reader);
        // Kafka is optional: without it the API still serves, and reports the lag in records as unknown.
        Optional<KafkaSettings> kafka = Optional.empty();
        if (reader.optionalString(KafkaSettings.BOOTSTRAP).isPresent()) {
            kafka = Optional.of(KafkaSettings.from(reader));
        }
        String host = reader.string(HOST, DEFAULT_HOST);
        int port = reader.intValue(PORT, DEFAULT_PORT, 0, 65535);
        int poolSize = reader.intValue(POOL_SIZE, DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        int queueSize = reader.intValue(QUEUE_SIZE, DEFAULT_QUEUE_SIZE, 0, MAX_QUEUE_SIZE);
        Duration queryTimeout = reader.duration(QUERY_TIMEOUT, DEFAULT_QUERY_TIMEOUT, Duration.ofSeconds(1));
        if (queryTimeout.getNano() != 0) {
            // JDBC's Statement.setQueryTimeout takes whole seconds.
            reader.invalid(QUERY_TIMEOUT, Durations.format(queryTimeout), "a whole number of seconds");
        }
        Duration lagRefresh = reader.duration(LAG_REFRESH, DEFAULT_LAG_REFRESH, Duration.ofMillis(100));
        String schema = reader.string(SCHEMA, DEFAULT_SCHEMA);
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_$]{0,126}")) {
            reader.invalid(SCHEMA, schema, "a plain SQL identifier (letters, digits, _ and $, not starting with a digit)");
        }
        List<String> allowedHosts = new ArrayList<>();
        for (String name : reader.string(ALLOWED_HOSTS, "").split(",", -1)) {
            String trimmed = name.strip().toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()) {
                continue;
            }
            if (!trimmed.matches(HOST_NAME)) {
                reader.invalid(ALLOWED_HOSTS, name.strip(), "comma-separated host names such as dashboard.example.com"
                        + " or .example.com (that domain and its subdomains), without ports");
            }
            allowedHosts.add(trimmed);
        }
        reader.validate();
        return new ServingConfig(warehouse, kafka, host, port, poolSize, queueSize, queryTimeout, lagRefresh, schema,
                allowedHosts);
    }
}
