package io.lambdaarch.demo.run;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.process.ServiceLauncher;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.demo.status.TopicCounter;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the whole pipeline on the embedded stack, each service as its own process: ingestion (synthetic), the speed
 * layer, the serving layer, and the batch job every few minutes as cron would. Prints a status line, and at the end
 * checks that the serving total equals the valid unique events ingested once the layers have caught up, in
 * serving_view and in the serving view of every other declared view that counts events ({@code LAMBDA_VIEWS_FILE}).
 */
public final class DemoRunner {
    /** Exit code when the demo was stopped by Ctrl-C (SIGINT convention). */
    public static final int INTERRUPTED = 130;

    private final DemoSettings settings;
    private final PrintWriter out;
    private final AtomicBoolean stopRequested;
    private final ViewCatalog views;

    public DemoRunner(DemoSettings settings, PrintWriter out, AtomicBoolean stopRequested) {
        this.settings = requireNonNull(settings, "settings is null");
        this.out = requireNonNull(out, "out is null");
        this.stopRequested = requireNonNull(stopRequested, "stopRequested is null");
        // The services inherit LAMBDA_VIEWS_FILE; an invalid file stops the demo here, before anything starts.
        ConfigReader reader = new ConfigReader(ConfigSource.fromEnvironment());
        this.views = PipelineSettings.views(reader);
        reader.validate();
    }

    /** Runs the demo; returns 0 when the final check holds, 1 on any failure, 130 when stopped early. */
    public int run() throws InterruptedException {
        Path logDir = settings.home().resolve(".lambda").resolve("logs");
        Path envFile = settings.home().resolve(".lambda").resolve("stack.env");
        ServiceLauncher stackLauncher = new ServiceLauncher(settings.home(), logDir, Map.of());
        say("Starting the embedded stack (or reusing the running one)... logs in %s", logDir);
        try (StackHandle stack = StackHandle.reuseOrStart(stackLauncher, envFile, List.of(), Map.of())) {
            say("%s stack: Kafka %s, warehouse %s", stack.owned() ? "Started the" : "Reusing the running",
                    stack.settings().get(KafkaSettings.BOOTSTRAP.name()), stack.settings().get(WarehouseSettings.URL.name()));
            Map<String, String> environment = new HashMap<>();
            environment.put(ConfigSource.STACK_ENV.name(), envFile.toAbsolutePath().toString());
            environment.put(PipelineSettings.INGEST_BUCKET.name(), Durations.format(settings.ingestBucket()));
            ServiceLauncher launcher = new ServiceLauncher(settings.home(), logDir, environment);
            KafkaSettings kafka = KafkaSettings.from(new ConfigReader(ConfigSource.of(stack.settings())));
            WarehouseConnector connector = new WarehouseConnector(WarehouseSettings.from(new ConfigReader(ConfigSource.of(stack.settings()))));
            try (Services services = new Services(launcher, out); TopicCounter topic = new TopicCounter(kafka)) {
                return runPipeline(stack, services, topic, kafka, connector);
            }
        }
    }

    private int runPipeline(StackHandle stack, Services services, TopicCounter topic, KafkaSettings kafka,
            WarehouseConnector connector)
            throws InterruptedException {
        ServingApiClient api = new ServingApiClient(URI.create("http://127.0.0.1:" + settings.port()));
        services.startLongRunning("serving", "serve", List.of("--port", Integer.toString(settings.port())));
        services.startLongRunning("speed", "speed", List.of(
                "--trigger-interval", Durations.format(settings.speedTrigger()),
                "--checkpoint", stack.dataDir().resolve("speed-checkpoint").toString()));
        services.startLongRunning("ingestion", "ingest", List.of(
                "--source", "synthetic",
                "--rate", Long.toString(settings.rate()),
                "--seed", Long.toString(settings.seed()),
                "--late-fraction", Double.toString(settings.lateFraction()),
                "--duplicate-fraction", Double.toString(settings.duplicateFraction()),
                "--malformed-fraction", Double.toString(settings.malformedFraction())));
        say("Dashboard: %s (ingest bucket B = %s, batch every %s, speed trigger %s)%s", api.base(),
                Durations.format(settings.ingestBucket()), Durations.format(settings.batchInterval()),
                Durations.format(settings.speedTrigger()),
                settings.duration().map(d -> ", running for " + Durations.format(d)).orElse(", Ctrl-C to stop"));

        Instant started = Instant.now();
        Instant nextBatch = started.plus(settings.batchInterval());
        Instant nextStatus = started;
        while (!stopRequested.get()) {
            Instant now = Instant.now();
            if (settings.duration().isPresent() && now.isAfter(started.plus(settings.duration().get()))) {
                break;
            }
            String failure = services.firstFailure();
            if (failure != null) {
                return stoppedBySignal() ? INTERRUPTED : fail(failure);
            }
            if (!now.isBefore(nextBatch)) {
                services.startBatchRun();
                nextBatch = now.plus(settings.batchInterval());
            }
            if (!now.isBefore(nextStatus)) {
                say(statusLine(started, services, topic, kafka, api));
                nextStatus = now.plus(settings.statusInterval());
            }
            Thread.sleep(250);
        }
        if (stopRequested.get()) {
            say("Stopping every service...");
            return INTERRUPTED;
        }
        return finish(started, services, topic, kafka, api, connector);
    }

    /** Stops ingestion, lets both layers catch up, runs the batch job once more and compares the totals. */
    private int finish(Instant started, Services services, TopicCounter topic, KafkaSettings kafka, ServingApiClient api,
            WarehouseConnector connector)
            throws InterruptedException {
        say("Duration reached: stopping ingestion and letting the layers catch up...");
        int ingestExit = services.stop("ingestion");
        if (ingestExit != 0 && ingestExit != 143 && ingestExit != 130) {
            return fail("ingestion exited with code " + ingestExit + " when asked to stop; see " + services.log("ingestion"));
        }
        services.awaitBatchRun();
        services.startBatchRun();
        services.awaitBatchRun();
        String failure = services.firstFailure();
        if (failure != null) {
            return fail(failure);
        }
        long ingested = topic.count(kafka.topic());
        Instant deadline = Instant.now().plus(settings.catchUpTimeout());
        long serving = -1;
        while (Instant.now().isBefore(deadline) && !stopRequested.get()) {
            serving = servingTotal(api);
            if (serving == ingested) {
                break;
            }
            failure = services.firstFailure();
            if (failure != null) {
                return fail(failure);
            }
            Thread.sleep(1_000);
        }
        say(statusLine(started, services, topic, kafka, api));
        if (serving == ingested) {
            List<String> wrong = new ArrayList<>();
            for (NamedView view : views.views()) {
                Optional<Long> counted = countedEvents(connector, view);
                counted.filter(count -> count != ingested).ifPresent(count -> wrong.add(String.format(Locale.ROOT,
                        "%s counts %,d events", view.servingView(), count)));
            }
            if (!wrong.isEmpty()) {
                return fail(String.format(Locale.ROOT, "RESULT: MISMATCH. %s, but %,d valid unique events were ingested",
                        String.join("; ", wrong), ingested));
            }
            say("RESULT: exact. serving_view and the serving views of %s count %,d events, the valid unique events"
                    + " ingested are %,d.", views.names(), serving, ingested);
            return 0;
        }
        return fail(String.format(Locale.ROOT, "RESULT: MISMATCH. serving_view counts %,d events, but %,d valid unique"
                + " events were ingested (waited %s for the layers to catch up)", serving, ingested,
                Durations.format(settings.catchUpTimeout())));
    }

    /** The events {@code view}'s serving view counts (its first count measure), or empty when it counts none. */
    private static Optional<Long> countedEvents(WarehouseConnector connector, NamedView view) {
        Optional<String> count = view.definition().measures().stream()
                .filter(m -> m.aggregation() == Aggregation.COUNT).map(Measure::column).findFirst();
        if (count.isEmpty()) {
            return Optional.empty();
        }
        try (Connection connection = connector.open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COALESCE(SUM(" + count.get() + "), 0) FROM "
                        + view.servingView())) {
            rows.next();
            return Optional.of(rows.getBigDecimal(1).longValueExact());
        } catch (SQLException e) {
            throw new TerseException("Cannot read " + view.servingView() + ": " + e.getMessage(), e);
        }
    }

    private String statusLine(Instant started, Services services, TopicCounter topic, KafkaSettings kafka, ServingApiClient api) {
        long elapsed = Duration.between(started, Instant.now()).toSeconds();
        String ingested;
        String dlq;
        try {
            ingested = String.format(Locale.ROOT, "%,d", topic.count(kafka.topic()));
            dlq = String.format(Locale.ROOT, "%,d", topic.count(kafka.dlqTopic()));
        } catch (RuntimeException e) {
            ingested = "?";
            dlq = "?";
        }
        String speed = "speed: starting";
        String batch = "batch: no run yet";
        String serving = "serving: starting";
        try {
            // One request: /api/totals carries the freshness block, read in the same transaction as the total.
            JsonNode totals = api.totals();
            JsonNode freshness = totals.path("freshness");
            JsonNode lag = freshness.path("speed_lag_seconds");
            speed = freshness.path("speed_last_commit").isNull() || freshness.path("speed_last_commit").isMissingNode()
                    ? "speed: no commit yet"
                    : "speed lag " + (lag.isNumber() ? String.format(Locale.ROOT, "%.1fs", lag.asDouble()) : "?");
            JsonNode cutoff = freshness.path("batch_cutoff");
            batch = cutoff.isTextual() ? "batch cutoff " + cutoff.asText() : "batch: no recompute yet";
            serving = String.format(Locale.ROOT, "serving %,d%s", totals.path("totals").path("tweet_count").asLong(-1),
                    freshness.path("complete").asBoolean(true) ? "" : " (INCOMPLETE)");
        } catch (IOException e) {
            serving = "serving: not answering yet";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return String.format(Locale.ROOT, "[%02d:%02d] ingested %s (dlq %s) | %s | %s (%d %s) | %s / %s ingested",
                elapsed / 60, elapsed % 60, ingested, dlq, speed, batch, services.batchRuns(),
                services.batchRuns() == 1 ? "run" : "runs", serving, ingested);
    }

    private static long servingTotal(ServingApiClient api) {
        try {
            return api.totals().path("totals").path("tweet_count").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private boolean stoppedBySignal() throws InterruptedException {
        // On Ctrl-C the terminal signals every child too; give our own shutdown hook a moment to say so.
        Thread.sleep(1_000);
        return stopRequested.get();
    }

    private int fail(String message) {
        out.println("ERROR: " + message);
        out.flush();
        return 1;
    }

    private void say(String format, Object... args) {
        out.println(args.length == 0 ? format : String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** The demo's child processes: long-running services, plus at most one batch run at a time. */
    private static final class Services implements AutoCloseable {
        private final ServiceLauncher launcher;
        private final PrintWriter out;
        private final Map<String, ChildProcess> longRunning = new LinkedHashMap<>();
        private ChildProcess batchRun;
        private int batchRuns;
        private String batchFailure;

        Services(ServiceLauncher launcher, PrintWriter out) {
            this.launcher = launcher;
            this.out = out;
        }

        void startLongRunning(String name, String command, List<String> args) {
            longRunning.put(name, launcher.start(name, command, args));
        }

        void startBatchRun() {
            checkBatchRun();
            if (batchRun == null) {
                batchRun = launcher.start("batch", "batch", List.of("run"));
            }
        }

        void awaitBatchRun() throws InterruptedException {
            if (batchRun != null) {
                batchRun.awaitExit(Duration.ofMinutes(10));
                checkBatchRun();
            }
        }

        int batchRuns() {
            return batchRuns;
        }

        /** Notes how the last batch run ended, once it has. */
        private void checkBatchRun() {
            if (batchRun == null || batchRun.isAlive()) {
                return;
            }
            int code = batchRun.exitCode();
            if (code == 0) {
                batchRuns++;
            } else if (code == 3) {
                out.println("note: a batch run found another run holding the lock and skipped (exit 3)");
            } else {
                batchFailure = "the batch job " + batchRun.exitReport(8);
            }
            batchRun = null;
        }

        /** A description of the first service that died or failed, or null while all is well. */
        String firstFailure() {
            checkBatchRun();
            if (batchFailure != null) {
                return batchFailure;
            }
            for (ChildProcess child : longRunning.values()) {
                if (!child.isAlive()) {
                    return "the " + child.name() + " service (pid " + child.pid() + ") " + child.exitReport(8);
                }
            }
            return null;
        }

        Path log(String name) {
            return longRunning.get(name).log();
        }

        int stop(String name) throws InterruptedException {
            ChildProcess child = longRunning.remove(name);
            return child == null ? 0 : child.stop(Duration.ofSeconds(60));
        }

        @Override
        public void close() throws InterruptedException {
            List<String> names = new ArrayList<>(longRunning.keySet());
            // Producers first, then consumers, so nothing is left half-written.
            names.sort(Comparator.comparingInt(n -> "ingestion".equals(n) ? 0 : 1));
            for (String name : names) {
                stop(name);
            }
            if (batchRun != null) {
                batchRun.stop(Duration.ofSeconds(60));
            }
        }
    }
}
