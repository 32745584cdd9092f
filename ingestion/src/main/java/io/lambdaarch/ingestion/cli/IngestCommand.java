package io.lambdaarch.ingestion.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.metrics.MetricsEndpoint;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.ingestion.IngestService;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.SourceFactory;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.config.Rate;
import io.lambdaarch.ingestion.config.SourceKind;
import io.lambdaarch.ingestion.kafka.KafkaClients;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.x.XApiClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Sends events from a synthetic workload, a JSON Lines file or the X API v2 filtered stream to Kafka: validated,
 * deduplicated, idempotent; SIGTERM and Ctrl-C flush everything accepted before the process exits.
 *
 * <p>Usage: {@code java -jar ingestion/target/ingestion.jar --source SOURCE [options]}, usually through
 * {@code ./lambda ingest}. Example: {@code ./lambda ingest --source synthetic --seed 7 --rate 500 --count 100000}.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Sends events to Kafka (LAMBDA_KAFKA_TOPIC, invalid ones to LAMBDA_KAFKA_DLQ_TOPIC) from a"
                + " synthetic workload, a JSON Lines file or the X API v2 filtered stream.",
        footer = {"", "Examples:",
            "  ./lambda ingest --source synthetic --seed 7 --rate 500 --count 100000",
            "  ./lambda ingest --source replay --file tweets.jsonl.gz --format x-v2",
            "  LAMBDA_X_BEARER_TOKEN=... ./lambda ingest --source x-stream --rules-file rules.json"})
public final class IngestCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private IngestOptions options;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    private final Context context;

    /**
     * What the command takes from its surroundings, so tests can substitute them.
     *
     * @param settings the settings, read when the command runs (so a broken config file is a one-line error)
     * @param clock wall time, for the synthetic anchor, pacing and the X stall timeout
     * @param sleeper waits for pacing and X back-off
     * @param httpClients makes the HTTP client for the X API
     */
    public record Context(Supplier<ConfigSource> settings, Clock clock, Sleeper sleeper, Supplier<HttpClient> httpClients) {
        public Context {
            requireNonNull(settings, "settings is null");
            requireNonNull(clock, "clock is null");
            requireNonNull(sleeper, "sleeper is null");
            requireNonNull(httpClients, "httpClients is null");
        }

        /** The real process: its environment, the system clock, real sleeps. */
        public static Context system() {
            return new Context(ConfigSource::fromEnvironment, Clock.systemUTC(), Sleeper.SYSTEM, XApiClient::defaultHttpClient);
        }
    }

    IngestCommand(Context context) {
        this.context = requireNonNull(context, "context is null");
    }

    // Visible for testing
    IngestOptions options() {
        return options;
    }

    public static void main(String[] args) {
        System.exit(createCommandLine(Context.system()).execute(args));
    }

    /** Builds the command with the project's converters and error handling. */
    public static CommandLine createCommandLine(Context context) {
        CommandLine commandLine = CommandLines.describeSettings(CommandLines.configure(new CommandLine(new IngestCommand(context))),
                IngestConfig.settings());
        commandLine.registerConverter(SourceKind.class, converter(SourceKind::parse));
        commandLine.registerConverter(RecordFormat.class, converter(RecordFormat::parse));
        commandLine.registerConverter(Rate.class, converter(Rate::parse));
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        IngestConfig config = options.toConfig(context.settings().get(), context.clock().instant());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IngestService service = new IngestService(config, new KafkaClients(new KafkaClientFactory(config.kafka()), config.producer()),
                new SourceFactory(context.clock(), context.sleeper(), context.httpClients()), context.clock(), context.sleeper(),
                spec.commandLine().getOut(), registry);
        Optional<MetricsEndpoint> endpoint = startEndpoint(config.metrics(), registry);
        // SIGTERM and Ctrl-C run this hook: it asks the run to stop and holds the JVM until the flush is done.
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            service.stop();
            awaitQuietly(finished);
        }, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.run();
            return CommandLines.OK;
        } finally {
            finished.countDown();
            removeQuietly(hook);
            endpoint.ifPresent(MetricsEndpoint::close);
        }
    }

    private Optional<MetricsEndpoint> startEndpoint(MetricsEndpointSettings settings, PrometheusMeterRegistry registry) {
        if (settings.port().isEmpty()) {
            return Optional.empty();
        }
        MetricsEndpoint endpoint = MetricsEndpoint.start(settings.host(), settings.port().getAsInt(),
                IngestConfig.METRICS_PORT.name(), registry::scrape);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Metrics on http://" + settings.host() + ":" + endpoint.port() + MetricsEndpoint.PATH);
        out.flush();
        return Optional.of(endpoint);
    }

    private static <T> CommandLine.ITypeConverter<T> converter(Function<String, T> parse) {
        return value -> {
            try {
                return parse.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "': " + e.getMessage());
            }
        };
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeQuietly(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down, and the hook is what is waiting for us
        }
    }
}
