package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.files.Directories;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.process.ServiceLauncher;
import io.lambdaarch.demo.run.StackHandle;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the whole pipeline on a fresh embedded stack over a deterministic workload, in phases, and after each phase
 * compares {@code serving_view} and the serving API with a truth computed from the workload alone (the synthetic
 * generator says which records are valid, unique events). Every other declared view ({@code LAMBDA_VIEWS_FILE}, which
 * the services inherit) is compared the same way, its serving view with its own truth ({@link DeclaredViewSnapshot}).
 * Exits non-zero on any difference.
 */
public final class VerifyRunner {
    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(20);
    private static final int TOP = 10;

    private final VerifySettings settings;
    private final PrintWriter out;
    private final ViewCatalog views;

    /** Checks the views of {@code LAMBDA_VIEWS_FILE} (the shipped ones when unset); an invalid file stops it here. */
    public VerifyRunner(VerifySettings settings, PrintWriter out) {
        this(settings, out, readViews());
    }

    public VerifyRunner(VerifySettings settings, PrintWriter out, ViewCatalog views) {
        this.settings = requireNonNull(settings, "settings is null");
        this.out = requireNonNull(out, "out is null");
        this.views = requireNonNull(views, "views is null");
    }

    private static ViewCatalog readViews() {
        ConfigReader reader = new ConfigReader(ConfigSource.fromEnvironment());
        ViewCatalog views = PipelineSettings.views(reader);
        reader.validate();
        return views;
    }

    /** Runs every phase; returns 0 when every check passed, 1 otherwise. */
    public int run() throws InterruptedException {
        Instant started = Instant.now();
        String runName = "run-" + started.truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "");
        Path runDir = settings.home().resolve(".lambda").resolve("verify").resolve(runName);
        Path logDir = runDir.resolve("logs");
        Path envFile = runDir.resolve("stack.env");
        Map<String, String> freePorts = Map.of(
                "LAMBDA_STACK_KAFKA_PORT", "0", "LAMBDA_STACK_KAFKA_CONTROLLER_PORT", "0",
                "LAMBDA_STACK_S3_PORT", "0", "LAMBDA_STACK_POSTGRES_PORT", "0");
        say("Verify: %,d records (%,d + %,d), seed %d, ingest bucket %s; everything under %s", settings.events(),
                settings.partOneEvents(), settings.partTwoEvents(), settings.seed(), Durations.format(settings.ingestBucket()), runDir);
        ServiceLauncher stackLauncher = new ServiceLauncher(settings.home(), logDir, Map.of());
        try (StackHandle stack = StackHandle.start(stackLauncher, envFile,
                List.of("--data-dir", runDir.resolve("data").toString()), freePorts)) {
            Map<String, String> environment = new HashMap<>();
            environment.put(ConfigSource.STACK_ENV.name(), envFile.toAbsolutePath().toString());
            environment.put(PipelineSettings.INGEST_BUCKET.name(), Durations.format(settings.ingestBucket()));
            ServiceLauncher launcher = new ServiceLauncher(settings.home(), logDir, environment);
            int port = freePort();
            try (ChildProcess serving = launcher.start("serving", "serve", List.of("--port", Integer.toString(port)))) {
                ServingApiClient api = new ServingApiClient(URI.create("http://127.0.0.1:" + port));
                awaitUp(api, serving);
                WarehouseSettings warehouse = WarehouseSettings.from(new ConfigReader(ConfigSource.of(stack.settings())));
                WarehouseConnector connector = new WarehouseConnector(warehouse);
                int result = runPhases(launcher, stack, api, new ServingViewReader(connector), new DeclaredViewReader(connector));
                say("Verify %s in %s.", result == 0 ? "passed" : "FAILED",
                        Durations.format(Duration.ofSeconds(Duration.between(started, Instant.now()).toSeconds())));
                return result;
            }
        } finally {
            if (!settings.keep()) {
                deleteQuietly(runDir.resolve("data"));
            }
        }
    }

    private int runPhases(ServiceLauncher launcher, StackHandle stack, ServingApiClient api, ServingViewReader view,
            DeclaredViewReader declared) throws InterruptedException {
        Instant anchor = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SyntheticWorkload partOne = new SyntheticWorkload(settings.seed(), anchor, 0, settings.lateFraction(),
                settings.maxLateness(), settings.duplicateFraction(), settings.malformedFraction());
        SyntheticWorkload partTwo = new SyntheticWorkload(settings.seed() + 1, anchor, 0, settings.partTwoLateFraction(),
                settings.partTwoMaxLateness(), settings.duplicateFraction(), settings.malformedFraction());
        Map<ViewKey, Measures> truth = new HashMap<>();
        Map<NamedView, Map<List<Object>, List<BigInteger>>> otherTruths = new LinkedHashMap<>();
        views.views().stream().filter(v -> v != views.defaultView())
                .forEach(v -> otherTruths.put(v, DeclaredViewSnapshot.newGroups()));
        OtherViews others = new OtherViews(otherTruths, declared);
        String checkpoint = stack.dataDir().resolve("speed-checkpoint").toString();
        ComparisonTable table = new ComparisonTable();

        ingest(launcher, partOne, settings.partOneEvents());
        new SyntheticGenerator(partOne).events(settings.partOneEvents()).forEach(e -> {
            ViewSnapshot.accumulate(truth, e);
            others.accumulate(e);
        });
        runToCompletion(launcher, "speed", "speed", List.of("--once", "--checkpoint", checkpoint));
        compare("1 ingest part 1, speed", new ViewSnapshot(truth), false, api, view, table);
        others.compare("1 ingest part 1, speed", table);

        runToCompletion(launcher, "batch", "batch", List.of("run"));
        compare("2 batch run", new ViewSnapshot(truth), true, api, view, table);
        others.compare("2 batch run", table);

        ingest(launcher, partTwo, settings.partTwoEvents());
        new SyntheticGenerator(partTwo).events(settings.partTwoEvents()).forEach(e -> {
            ViewSnapshot.accumulate(truth, e);
            others.accumulate(e);
        });
        runToCompletion(launcher, "speed", "speed", List.of("--once", "--checkpoint", checkpoint));
        compare("3 ingest part 2 (days late), speed", new ViewSnapshot(truth), true, api, view, table);
        others.compare("3 ingest part 2 (days late), speed", table);

        runToCompletion(launcher, "batch", "batch", List.of("run"));
        compare("4 batch run again", new ViewSnapshot(truth), true, api, view, table);
        others.compare("4 batch run again", table);

        // The second run was incremental: a full recompute from all of raw_batch must leave every group as it was.
        ViewSnapshot beforeFull = read(view);
        runToCompletion(launcher, "batch", "batch", List.of("recompute", "--full"));
        int firstRow = table.rows().size();
        table.add("5 full recompute", "serving_view groups it changed", 0, beforeFull.differingGroups(read(view)));
        out.println();
        table.print(out, firstRow);
        compare("5 full recompute", new ViewSnapshot(truth), true, api, view, table);
        others.compare("5 full recompute", table);

        return table.allPassed() ? 0 : 1;
    }

    /** The declared views but the default one, with their truths; each phase compares their serving views too. */
    private final class OtherViews {
        private final Map<NamedView, Map<List<Object>, List<BigInteger>>> truths;
        private final DeclaredViewReader reader;

        OtherViews(Map<NamedView, Map<List<Object>, List<BigInteger>>> truths, DeclaredViewReader reader) {
            this.truths = truths;
            this.reader = reader;
        }

        void accumulate(io.lambdaarch.common.event.TweetEvent event) {
            truths.forEach((view, groups) -> DeclaredViewSnapshot.accumulate(view, groups, event));
        }

        void compare(String phase, ComparisonTable table) {
            int firstRow = table.rows().size();
            truths.forEach((view, groups) -> {
                DeclaredViewSnapshot truth = new DeclaredViewSnapshot(view, groups);
                try {
                    DeclaredViewSnapshot actual = reader.read(view);
                    table.add(phase, view.servingView() + " groups", truth.groups().size(), actual.groups().size());
                    table.add(phase, view.servingView() + " groups that differ", 0, truth.differingGroups(actual));
                    table.add(phase, view.servingView() + " " + view.definition().measureColumns().get(0), truth.total(0),
                            actual.total(0));
                } catch (SQLException e) {
                    throw new TerseException("Cannot read " + view.servingView() + ": " + e.getMessage(), e);
                }
            });
            if (table.rows().size() > firstRow) {
                table.print(out, firstRow);
            }
        }
    }

    private static ViewSnapshot read(ServingViewReader view) {
        try {
            return view.read();
        } catch (SQLException e) {
            throw new TerseException("Cannot read serving_view: " + e.getMessage(), e);
        }
    }

    private void ingest(ServiceLauncher launcher, SyntheticWorkload workload, long count) throws InterruptedException {
        // The workload's rate is 0, so its options say --rate unlimited.
        List<String> args = new ArrayList<>(List.of("--source", "synthetic", "--count", Long.toString(count)));
        args.addAll(workload.toArguments());
        runToCompletion(launcher, "ingestion", "ingest", args);
    }

    /**
     * Compares the serving layer with the truth. {@code complete} is what the API must say: false until the first
     * recompute, because before it nothing proves the speed layer still holds every event ever ingested.
     */
    private void compare(String phase, ViewSnapshot truth, boolean complete, ServingApiClient api, ServingViewReader view,
            ComparisonTable table) {
        int firstRow = table.rows().size();
        Measures expected = truth.total();
        try {
            ViewSnapshot actual = view.read();
            table.add(phase, "serving_view groups", truth.groups().size(), actual.groups().size());
            table.add(phase, "serving_view groups that differ", 0, truth.differingGroups(actual));
            table.add(phase, "serving_view tweet_count", expected.tweetCount(), actual.total().tweetCount());
            table.add(phase, "serving_view followers_sum", expected.followersSum(), actual.total().followersSum());
        } catch (SQLException e) {
            throw new TerseException("Cannot read serving_view: " + e.getMessage(), e);
        }
        try {
            JsonNode totals = api.totals();
            table.add(phase, "API totals tweet_count", expected.tweetCount(), exact(totals.path("totals").path("tweet_count")));
            table.add(phase, "API totals retweets_sum", expected.retweetsSum(), exact(totals.path("totals").path("retweets_sum")));
            table.add(phase, "API complete", complete, totals.path("complete").asBoolean(!complete));
            JsonNode top = api.topLocations(TOP).path("locations");
            Map<String, Measures> byLocation = truth.byLocation();
            long wrong = 0;
            for (JsonNode row : top) {
                Measures truthForLocation = byLocation.getOrDefault(row.path("location").asText(), Measures.ZERO);
                if (!truthForLocation.tweetCount().equals(exact(row.path("tweet_count")))) {
                    wrong++;
                }
            }
            table.add(phase, "API top-" + TOP + " rows", Math.min(TOP, byLocation.size()), top.size());
            table.add(phase, "API top-" + TOP + " counts that differ", 0, wrong);
        } catch (IOException e) {
            throw new TerseException("The serving API did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while asking the serving API");
        }
        out.println();
        table.print(out, firstRow);
    }

    private void runToCompletion(ServiceLauncher launcher, String name, String command, List<String> args)
            throws InterruptedException {
        long started = System.nanoTime();
        ChildProcess child = launcher.start(name, command, args);
        if (!child.awaitExit(SERVICE_TIMEOUT)) {
            child.kill();
            throw new TerseException(name + " did not finish within " + Durations.format(SERVICE_TIMEOUT) + "; see " + child.log());
        }
        if (child.exitCode() != 0) {
            throw new TerseException(name + " " + child.exitReport(8));
        }
        say("  %s %s: done in %.1f s", command, String.join(" ", args.subList(0, Math.min(2, args.size()))),
                (System.nanoTime() - started) / 1e9);
    }

    private static void awaitUp(ServingApiClient api, ChildProcess serving) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!serving.isAlive()) {
                throw new TerseException("The serving layer exited with code " + serving.exitCode() + ": "
                        + String.join(" | ", serving.tail(5)));
            }
            if (api.isUp()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new TerseException("The serving layer did not answer within 3 minutes; see " + serving.log());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new TerseException("No free port for the serving layer: " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Directories.deleteRecursively(dir);
        } catch (IOException e) {
            // leaves a directory under .lambda/verify; harmless
        }
    }

    private void say(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** An API measure as sent: a JSON integer of any size; -1 when it is missing or not an integer. */
    private static BigInteger exact(JsonNode value) {
        return value.isIntegralNumber() ? value.bigIntegerValue() : BigInteger.ONE.negate();
    }
}
