package io.lambdaarch.speed.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaPreflight;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.metrics.MetricsEndpoint;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.OneTransaction;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.SpeedTableDdl;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.speed.SpeedLayerQuery;
import io.lambdaarch.speed.checkpoint.CheckpointLocation;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.jdbc.SpeedViewTable;
import io.lambdaarch.speed.jdbc.SpeedViewWriter;
import io.lambdaarch.speed.lease.LeaseHeartbeat;
import io.lambdaarch.speed.lease.SpeedViewLease;
import io.lambdaarch.speed.metrics.SpeedMetricsListener;
import io.lambdaarch.speed.s3a.S3aCredentialOptions;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Runs the speed layer: a Spark Structured Streaming query from the Kafka topic into speed_view, until stopped (or,
 * with {@code --once}, until it has caught up).
 *
 * <p>Usage: {@code spark-submit --class io.lambdaarch.speed.cli.SpeedLayerCommand speed-layer-spark-4.x_2.13.jar [--once]
 * [--checkpoint LOCATION] [--trigger-interval DURATION] [--max-offsets-per-trigger N] [--replace-checkpoint]}. Locally:
 * {@code ./lambda speed --once}.
 */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Aggregates the recent part of the Kafka topic into speed_view with Spark Structured Streaming."
                + " Settings come from LAMBDA_* variables (see README); the options below override them.")
public final class SpeedLayerCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedLayerCommand.class);
    /** Spark's setting of the state store implementation, the same in Spark 3.5 and 4. */
    static final String STATE_STORE_PROVIDER = "spark.sql.streaming.stateStore.providerClass";
    static final String ROCKSDB_PROVIDER = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider";
    static final String ROCKSDB_CHANGELOG = "spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled";
    /** How long the start-up checks wait for Kafka. */
    static final Duration KAFKA_CHECK_TIMEOUT = Duration.ofSeconds(20);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--once", description = "Process everything in the topic now, then exit (Trigger.AvailableNow); for catch-up and tests.")
    private boolean once;

    @Option(names = "--checkpoint", paramLabel = "LOCATION",
            description = "Spark checkpoint location, a local path or a Hadoop URI such as s3a://bucket/speed"
                    + " (overrides ${bundle:LAMBDA_SPEED_CHECKPOINT}).")
    private String checkpoint;

    @Option(names = "--trigger-interval", paramLabel = "DURATION",
            description = "Time between micro-batches when running continuously (overrides ${bundle:LAMBDA_SPEED_TRIGGER_INTERVAL}).")
    private Duration triggerInterval;

    @Option(names = "--max-offsets-per-trigger", paramLabel = "N",
            description = "At most N Kafka records per micro-batch (overrides ${bundle:LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER}).")
    private Long maxOffsetsPerTrigger;

    @Option(names = "--replace-checkpoint",
            description = "Rebuild speed_view from this job's checkpoint although speed_view was written from another one"
                    + " (another location, or a checkpoint deleted and started afresh); without it such a start is refused.")
    private boolean replaceCheckpoint;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Map<String, String> environment;
    private final Clock clock;
    private final Duration kafkaCheckTimeout;

    SpeedLayerCommand(Map<String, String> environment, Clock clock, Duration kafkaCheckTimeout) {
        this.environment = requireNonNull(environment, "environment is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.kafkaCheckTimeout = requireNonNull(kafkaCheckTimeout, "kafkaCheckTimeout is null");
    }

    public static void main(String[] args) {
        System.exit(createCommandLine(System.getenv()).execute(args));
    }

    /** Builds the command over {@code environment} (the process environment in production). */
    public static CommandLine createCommandLine(Map<String, String> environment) {
        return createCommandLine(environment, Clock.systemUTC(), KAFKA_CHECK_TIMEOUT);
    }

    // Visible for testing
    static CommandLine createCommandLine(Map<String, String> environment, Clock clock, Duration kafkaCheckTimeout) {
        return CommandLines.describeSettings(
                CommandLines.configure(new CommandLine(new SpeedLayerCommand(environment, clock, kafkaCheckTimeout))),
                SpeedLayerConfig.settings());
    }

    @Override
    public Integer call() throws Exception {
        SpeedLayerConfig config = config();
        // Settings first: a refused checkpoint must say so, not lose to the lease or the broker. spark-submit passes
        // the master as the spark.master property, which SparkConf reads without starting Spark; the check is repeated
        // on the running context below, whose master is the one that counts.
        String submittedMaster = new SparkConf().get("spark.master", "local[*]");
        new CheckpointLocation(config.checkpointLocation(), SpeedLayerConfig.CHECKPOINT).requireUsableOn(submittedMaster);
        new KafkaPreflight(new KafkaClientFactory(config.kafka()), "lambda-speed-check", kafkaCheckTimeout)
                .check(List.of(config.kafka().topic()), KafkaPreflight.Timestamps.LOG_APPEND_TIME);
        ViewCatalog catalog = config.views();
        WarehouseConnector connector = new WarehouseConnector(config.warehouse());
        try (Connection connection = connector.openOrExplain()) {
            dropRedefinedSpeedTables(connection, connector, catalog);
            // With every declared view's speed table and staging table (a view new in the views file gets them here).
            new SchemaInstaller(connector.warehouse(), catalog).install(connection);
        }
        // One writer: taken before Spark starts, so a refused start costs nothing.
        SpeedViewLease lease = new SpeedViewLease(connector, SpeedLayerQuery.QUERY_NAME,
                SpeedViewLease.checkpointIdentity(config.checkpointLocation()), SpeedViewLease.describeThisDriver(clock.instant()),
                config.leaseTimeout(), clock);
        lease.acquire(config.replaceCheckpoint());
        List<SpeedViewTable> tables = catalog.views().stream().map(SpeedViewTable::new).toList();
        SpeedViewWriter writer = new SpeedViewWriter(connector, tables, lease, config.pipeline(), config.watermarkDelay(),
                config.replaceCheckpoint(), clock);

        try {
            return run(config, catalog, lease, writer);
        } finally {
            release(lease);
        }
    }

    /**
     * A view whose definition changed its columns cannot be written into its old speed table: the table, its staging
     * table and its serving view are dropped, and the schema installer creates them again (the first micro-batch then
     * records where the view starts). A view of unchanged columns keeps its table; that batch empties it if it was
     * redefined.
     */
    private static void dropRedefinedSpeedTables(Connection connection, WarehouseConnector connector, ViewCatalog catalog)
            throws SQLException {
        SpeedTableDdl ddl = new SpeedTableDdl(connector.warehouse());
        OneTransaction.run(connection, inTransaction -> {
            try (Statement statement = inTransaction.createStatement()) {
                for (NamedView view : catalog.views()) {
                    if (!ddl.speedTableFits(inTransaction, view)) {
                        LOG.warn("View {} was redefined with other columns: dropping {} and {} (and {}) to create them"
                                + " anew", view.name(), view.speedTable(), view.speedIncomingTable(), view.servingView());
                        for (String sql : ddl.dropStatements(view)) {
                            statement.execute(sql);
                        }
                    }
                }
            }
        });
    }

    /** Runs the query until it stops (or, with {@code --once}, has caught up), renewing the lease meanwhile. */
    private int run(SpeedLayerConfig config, ViewCatalog catalog, SpeedViewLease lease, SpeedViewWriter writer)
            throws TimeoutException {
        SparkSession spark = sparkSession(config);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        spark.streams().addListener(new SpeedMetricsListener(registry, clock));
        Optional<MetricsEndpoint> endpoint = Optional.empty();
        try {
            CheckpointLocation checkpointLocation = new CheckpointLocation(config.checkpointLocation(), SpeedLayerConfig.CHECKPOINT);
            checkpointLocation.requireUsableOn(spark.sparkContext().master());
            checkpointLocation.sparkConf().forEach(spark.conf()::set);
            endpoint = startEndpoint(config.metrics(), registry);
            SpeedLayerQuery speedLayer = new SpeedLayerQuery(spark, config, catalog, writer, clock);
            StreamingQuery query = speedLayer.start();
            try (LeaseHeartbeat heartbeat = LeaseHeartbeat.start(lease, config.leaseTimeout(), () -> stop(query))) {
                query.awaitTermination();
                if (heartbeat.lost()) {
                    throw new TerseException("Speed layer stopped: another start took over its lease on speed_view"
                            + " (see " + LedgerTables.unqualified().speedLease() + "); it does not write beside it");
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println((once ? "Speed layer caught up: " : "Speed layer stopped: ") + speedLayer.summary().describe());
            out.flush();
            return CommandLines.OK;
        } catch (StreamingQueryException e) {
            throw new TerseException(QueryFailures.describe(e, config.warehouse()), e);
        } finally {
            endpoint.ifPresent(MetricsEndpoint::close);
            spark.stop();
        }
    }

    /** No master here: spark-submit (or ./lambda speed) decides where the job runs. Hours are UTC hours. */
    private static SparkSession sparkSession(SpeedLayerConfig config) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName("lambda-speed-layer")
                .config("spark.sql.session.timeZone", "UTC");
        // An s3a:// checkpoint signs with the same AWS settings as the batch layer (keys, session token, or the SDK chain).
        S3aCredentialOptions.sparkConf(config.awsCredentials(), new SparkConf(), S3aCredentialOptions.runtimeHadoopVersion())
                .forEach(builder::config);
        SparkConf submitted = new SparkConf();
        if (!submitted.contains(STATE_STORE_PROVIDER)) {
            // State off the JVM heap, so a backlog's deduplication ids do not have to fit in the executors' memory.
            // A checkpoint keeps the provider it was created with (Spark records it in the offset log).
            builder.config(STATE_STORE_PROVIDER, ROCKSDB_PROVIDER);
        }
        if (!submitted.contains(ROCKSDB_CHANGELOG)) {
            // Each micro-batch then commits a changelog of its changes instead of a snapshot of the whole store.
            builder.config(ROCKSDB_CHANGELOG, "true");
        }
        return builder.getOrCreate();
    }

    /**
     * Gives the lease up however the run ended, so a restart need not wait; a fenced driver no longer has it to give,
     * and a warehouse that is away lets it expire after the timeout instead.
     */
    private static void release(SpeedViewLease lease) {
        try {
            lease.release();
        } catch (SQLException e) {
            LOG.warn("Cannot release the lease on speed_view ({}): it expires after LAMBDA_SPEED_LEASE_TIMEOUT",
                    Failures.rootMessage(e));
        }
    }

    private static void stop(StreamingQuery query) {
        try {
            query.stop();
        } catch (TimeoutException e) {
            // awaitTermination returns once it has stopped; nothing else to do on the heartbeat thread.
        }
    }

    private Optional<MetricsEndpoint> startEndpoint(MetricsEndpointSettings settings, PrometheusMeterRegistry registry) {
        if (settings.port().isEmpty()) {
            return Optional.empty();
        }
        MetricsEndpoint endpoint = MetricsEndpoint.start(settings.host(), settings.port().getAsInt(),
                SpeedLayerConfig.METRICS_PORT.name(), registry::scrape);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Metrics on http://" + settings.host() + ":" + endpoint.port() + MetricsEndpoint.PATH);
        out.flush();
        return Optional.of(endpoint);
    }

    /** The configuration from the environment, with the options given on the command line winning. */
    // Visible for testing
    SpeedLayerConfig config() {
        SettingOverrides overrides = SettingOverrides.none()
                .with(SpeedLayerConfig.CHECKPOINT, checkpoint, "option --checkpoint")
                .with(SpeedLayerConfig.TRIGGER_INTERVAL, triggerInterval, "option --trigger-interval")
                .with(SpeedLayerConfig.MAX_OFFSETS_PER_TRIGGER, maxOffsetsPerTrigger, "option --max-offsets-per-trigger");
        return SpeedLayerConfig.from(ConfigSource.load(environment), overrides, once, replaceCheckpoint);
    }
}
