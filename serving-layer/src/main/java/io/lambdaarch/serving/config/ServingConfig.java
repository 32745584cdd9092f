package io.lambdaarch.serving.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.common.config.SettingType;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.view.ViewCatalog;
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
 * @param cacheRows the most rows the response cache holds (0 turns it off)
 * @param indexRows the most batch_view rows the in-memory index holds (0 turns it off; a larger view is served by SQL)
 * @param allowedHosts host names accepted in the {@code Host} header besides loopback names and IP addresses;
 *     one starting with a dot also accepts its subdomains
 * @param views the declared views ({@code LAMBDA_VIEWS_FILE}, or the shipped ones), each served by its merged view
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
        int cacheRows,
        int indexRows,
        List<String> allowedHosts,
        ViewCatalog views) {
    public static final Setting<String> HOST = Setting.define("LAMBDA_SERVING_HOST", SettingType.string(), Service.SERVE)
            .defaultValue("127.0.0.1")
            .doc("address the serving layer's HTTP server binds to (`0.0.0.0` to expose it; then add the DNS names clients"
                    + " use to `LAMBDA_SERVING_ALLOWED_HOSTS`)");
    public static final Setting<Integer> PORT = Setting.define("LAMBDA_SERVING_PORT", SettingType.integer(0, 65535), Service.SERVE)
            .defaultValue(8080)
            .doc("its port (`0` picks a free one)");
    public static final Setting<Integer> POOL_SIZE = Setting.define("LAMBDA_SERVING_POOL_SIZE", SettingType.integer(1, 64), Service.SERVE)
            .defaultValue(8)
            .doc("most warehouse connections the API holds (read-only)");
    // 32 waiting behind 8 running: the bench's 32 closed-loop clients never see a 503.
    public static final Setting<Integer> QUEUE_SIZE = Setting.define("LAMBDA_SERVING_QUEUE_SIZE", SettingType.integer(0, 1024),
                    Service.SERVE)
            .defaultValue(32)
            .doc("most API requests that may wait (up to 5 s) for one of those connections; more are answered 503 with"
                    + " `Retry-After`");
    public static final Setting<String> ALLOWED_HOSTS = Setting.define("LAMBDA_SERVING_ALLOWED_HOSTS", SettingType.string(),
                    Service.SERVE)
            .defaultDescribedAs("(none)")
            .doc("host names the HTTP server answers besides `localhost`, IP addresses and its bind name, comma-separated"
                    + " (`.example.com`: that domain and its subdomains); others get 403 (DNS rebinding). With `0.0.0.0`,"
                    + " add the names clients use");
    public static final Setting<Duration> QUERY_TIMEOUT = Setting.define("LAMBDA_SERVING_QUERY_TIMEOUT",
                    // JDBC's Statement.setQueryTimeout takes whole seconds.
                    SettingType.wholeSeconds(Duration.ofSeconds(1), null), Service.SERVE)
            .defaultValue(Duration.ofSeconds(30))
            .doc("a warehouse query running longer is cancelled and answered 504");
    public static final Setting<Duration> LAG_REFRESH = Setting.define("LAMBDA_SERVING_LAG_REFRESH",
                    SettingType.duration(Duration.ofMillis(100)), Service.SERVE)
            .defaultValue(Duration.ofSeconds(5))
            .doc("how often the serving layer fetches Kafka offsets for the speed lag in records");
    public static final Setting<String> SCHEMA = Setting.define("LAMBDA_SERVING_SCHEMA",
                    SettingType.matching("[A-Za-z_][A-Za-z0-9_$]{0,126}",
                            "a plain SQL identifier (letters, digits, _ and $, not starting with a digit)"),
                    Service.SERVE)
            .defaultValue("public")
            .doc("schema that qualifies the tables in Redshift's late-binding `serving_view`");
    // 200k rows of a few short strings and BigIntegers: some tens of MB at most.
    public static final Setting<Integer> CACHE_ROWS = Setting.define("LAMBDA_SERVING_CACHE_ROWS",
                    SettingType.integer(0, 10_000_000), Service.SERVE)
            .defaultValue(200_000)
            .doc("most rows (locations, series points) the API's response cache holds; an answer is reused only until the"
                    + " next recompute or speed commit; `0` turns the cache off");
    // About 40 bytes a row (a time and four measures as longs, prefix-summed): 4 million rows are some 160 MB, held
    // twice for the few seconds a new recompute's index loads beside the old one.
    public static final Setting<Integer> INDEX_ROWS = Setting.define("LAMBDA_SERVING_INDEX_ROWS",
                    SettingType.integer(0, 100_000_000), Service.SERVE)
            .defaultValue(4_000_000)
            .doc("most rows of a view's batch table (batch_view for the default view) the serving layer holds in memory,"
                    + " per view, to answer any time range without the warehouse (reloaded after each recompute); a larger"
                    + " table is answered from SQL, and the log says so; `0` turns the index off");

    // DNS labels of letters, digits and hyphens, dot-separated; a leading dot stands for "and its subdomains".
    private static final String HOST_NAME = "\\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*";

    public ServingConfig {
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(kafka, "kafka is null");
        requireNonNull(host, "host is null");
        PORT.requireValid(port);
        POOL_SIZE.requireValid(poolSize);
        QUEUE_SIZE.requireValid(queueSize);
        QUERY_TIMEOUT.requireValid(queryTimeout);
        LAG_REFRESH.requireValid(lagRefresh);
        requireNonNull(warehouseSchema, "warehouseSchema is null");
        CACHE_ROWS.requireValid(cacheRows);
        INDEX_ROWS.requireValid(indexRows);
        allowedHosts = List.copyOf(requireNonNull(allowedHosts, "allowedHosts is null"));
        requireNonNull(views, "views is null");
    }

    /** Every setting the serving layer reads. */
    public static List<Setting<?>> settings() {
        List<Setting<?>> settings = new ArrayList<>(
                Setting.declaredIn(KafkaSettings.class, WarehouseSettings.class, ServingConfig.class));
        settings.add(PipelineSettings.VIEWS_FILE);
        return List.copyOf(settings);
    }

    /** Reads the configuration; throws {@code ConfigException} naming every bad or missing setting at once. */
    public static ServingConfig from(ConfigSource source) {
        return from(source, SettingOverrides.none());
    }

    /** Reads the configuration with {@code overrides} (options) winning; reports every bad or missing setting at once. */
    public static ServingConfig from(ConfigSource source, SettingOverrides overrides) {
        ConfigReader reader = new ConfigReader(source, overrides);
        WarehouseSettings warehouse = WarehouseSettings.from(reader);
        // Kafka is optional: without it the API still serves, and reports the lag in records as unknown.
        Optional<KafkaSettings> kafka = Optional.empty();
        if (reader.isGiven(KafkaSettings.BOOTSTRAP)) {
            kafka = Optional.of(KafkaSettings.from(reader));
        }
        String host = reader.get(HOST);
        int port = reader.get(PORT);
        int poolSize = reader.get(POOL_SIZE);
        int queueSize = reader.get(QUEUE_SIZE);
        Duration queryTimeout = reader.get(QUERY_TIMEOUT);
        Duration lagRefresh = reader.get(LAG_REFRESH);
        String schema = reader.get(SCHEMA);
        int cacheRows = reader.get(CACHE_ROWS);
        int indexRows = reader.get(INDEX_ROWS);
        List<String> allowedHosts = new ArrayList<>();
        for (String name : reader.optional(ALLOWED_HOSTS).orElse("").split(",", -1)) {
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
        ViewCatalog views = PipelineSettings.views(reader);
        reader.validate();
        return new ServingConfig(warehouse, kafka, host, port, poolSize, queueSize, queryTimeout, lagRefresh, schema,
                cacheRows, indexRows, allowedHosts, views);
    }
}
