package io.lambdaarch.speed.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaPreflight;
import io.lambdaarch.common.metrics.MetricsEndpoint;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.speed.SpeedLayerQuery;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.jdbc.SpeedViewTable;
import io.lambdaarch.speed.jdbc.SpeedViewUpsert;
import io.lambdaarch.speed.jdbc.SpeedViewWriter;
import io.lambdaarch.speed.metrics.SpeedMetricsListener;
import io.lambdaarch.speed.s3a.S3aCredentialOptions;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Runs the speed layer: a Spark Structured Streaming query from the Kafka topic into speed_view, until stopped (or,
 * with {@code --once}, until it has caught up).
 *
 * <p>Usage: {@code spark-submit --class io.lambdaarch.speed.cli.SpeedLayerCommand speed-layer.jar [--once]
 * [--checkpoint LOCATION] [--trigger-interval DURATION] [--max-offsets-per-trigger N]}. Locally:
 * {@code ./lambda speed --once}.
 */
@Command(name = "speed", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Aggregates the recent part of the Kafka topic into speed_view with Spark Structured Streaming."
                + " Settings come from LAMBDA_* variables (see README); the options below override them.")
public final class SpeedLayerCommand implements Callable<Integer> {
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
        new KafkaPreflight(new KafkaClientFactory(config.kafka()), "lambda-speed-check", kafkaCheckTimeout)
                .check(List.of(config.kafka().topic()), KafkaPreflight.Timestamps.LOG_APPEND_TIME);
        WarehouseConnector connector = new WarehouseConnector(config.warehouse());
        try (Connection connection = connector.openOrExplain()) {
            new SchemaInstaller(connector.warehouse()).install(connection);
        }
        SpeedViewTable table = new SpeedViewTable(TweetView.DEFINITION);
        SpeedViewWriter writer = new SpeedViewWriter(connector, table, new SpeedViewUpsert(connector.warehouse(), table),
                config.pipeline(), config.watermarkDelay(), clock);

        // No master here: spark-submit (or ./lambda speed) decides where the job runs. Hours are UTC hours.
        SparkSession.Builder builder = SparkSession.builder()
                .appName("lambda-speed-layer")
                .config("spark.sql.session.timeZone", "UTC");
        // An s3a:// checkpoint signs with the same AWS settings as the batch layer (keys, session token, or the SDK chain).
        S3aCredentialOptions.sparkConf(config.awsCredentials(), new SparkConf(), S3aCredentialOptions.runtimeHadoopVersion())
                .forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        spark.streams().addListener(new SpeedMetricsListener(registry, clock));
        Optional<MetricsEndpoint> endpoint = Optional.empty();
        try {
            endpoint = startEndpoint(config.metrics(), registry);
            SpeedLayerQuery speedLayer = new SpeedLayerQuery(spark, config, writer, clock);
            StreamingQuery query = speedLayer.start();
            query.awaitTermination();
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
        return SpeedLayerConfig.from(ConfigSource.load(environment), overrides, once);
    }
}
