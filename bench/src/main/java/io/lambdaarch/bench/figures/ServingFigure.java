package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.jdbc.ServingHistory;
import io.lambdaarch.bench.jdbc.SpeedCommitter;
import io.lambdaarch.bench.load.ClosedLoopLoad;
import io.lambdaarch.bench.load.KeepAliveGet;
import io.lambdaarch.bench.load.RequestWindows;
import io.lambdaarch.bench.process.CpuSeconds;
import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.bench.report.Check;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.Unit;
import io.lambdaarch.bench.report.Value;
import io.lambdaarch.bench.stack.BenchSandbox;
import io.lambdaarch.bench.stats.LatencySummary;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.serving.cache.CachingQueries;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.TimeRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serving latency: {@code --serving-clients} clients asking {@code ./lambda serve}'s {@code /api/top-locations} for
 * a random {@code --serving-window} of {@code --history-days} x {@code --history-locations} hours of history, back to
 * back; then the same clients running the API's own top-locations SQL directly over JDBC, one connection each. A
 * second figure does the same for random 30-day windows (a dashboard user panning over a month). Each figure also
 * reports the response cache's hit rate, and the p99 when every request misses the cache: the serving layer again
 * with its cache off ({@code LAMBDA_SERVING_CACHE_ROWS=0}) while a speed micro-batch commits every
 * {@code --speed-trigger}, so the figure does not rest on the cache alone.
 */
public final class ServingFigure {
    static final String ID = "serving";
    static final String TITLE = "serving latency";
    static final String WIDE_ID = "serving-30d";
    static final String WIDE_TITLE = "serving latency, 30-day windows";
    static final Duration WIDE_WINDOW = Duration.ofDays(30);
    static final String BASELINE = "same SQL over JDBC";
    static final double TARGET_P99_MILLIS = 50;
    private static final int LIMIT = 10;
    // Another question than the measured loads ask: the warm-up leaves them nothing in the response cache.
    private static final int WARM_UP_LIMIT = LIMIT + 1;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ALONE = Duration.ofSeconds(5);
    /**
     * The warm-up of each load on the server with its cache off: its clients' connections only. Its JVM is warmed up
     * first like the other's (every request of which misses, so runs the whole path), and there is no cache to fill:
     * the loads' --serving-warmup added 10 s a run for nothing it measures.
     */
    private static final Duration CONNECT = Duration.ofSeconds(1);
    private static final Pattern CACHE_GETS = Pattern.compile(
            "(?m)^cache_gets_total\\{([^}]*)\\} (\\S+)$");
    // The default view's index: the figure asks /api/top-locations without a view.
    private static final Pattern INDEX_ROWS = Pattern.compile("(?m)^lambda_serving_index_rows\\{view=\"view\"\\} (\\S+)$");
    private static final Pattern INDEX_LOAD = Pattern.compile(
            "(?m)^lambda_serving_index_load_seconds\\{view=\"view\"\\} (\\S+)$");

    private final BenchContext context;

    public ServingFigure(BenchContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The figures' rows when they could not be measured. */
    public static List<Figure> failed(String error) {
        List<String> targets = List.of(Check.atMost("p99", 0, TARGET_P99_MILLIS, Unit.MILLISECONDS).target());
        return List.of(Figure.failed(ID, TITLE, BASELINE, targets, error),
                Figure.failed(WIDE_ID, WIDE_TITLE, BASELINE, targets, error));
    }

    /** One load on the API: its result and the response cache's gets during it. */
    private record ApiRun(ClosedLoopLoad.Result result, long hits, long misses, CpuPerRequest cpu) {
        double hitRate() {
            return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        }
    }

    /**
     * CPU per request over a load's measured period, in ms: the serve JVM's and every PostgreSQL process's (user +
     * system, from /proc). Unlike the latencies, it holds when other work shares the cores. NaN where unknown.
     */
    private record CpuPerRequest(double serveMillis, double serveSystemMillis, double postgresMillis) {
        String describe() {
            if (Double.isNaN(serveMillis)) {
                return "";
            }
            return String.format(Locale.ROOT, "; CPU per request over the measured period: serve JVM %.3f ms (%.3f of it"
                    + " in the kernel), PostgreSQL %.3f ms", serveMillis, serveSystemMillis, postgresMillis);
        }
    }

    public List<Figure> measure() throws InterruptedException, SQLException {
        BenchSettings settings = context.settings();
        BenchSandbox sandbox = context.stack().sandbox("serving");
        context.progress().say("serving: writing %d days x 24 hours x %d locations of history", settings.historyDays(),
                settings.historyLocations());
        ServingHistory.Span span = new ServingHistory(sandbox.connector()).fill(settings.historyDays(), settings.historyLocations(),
                Instant.now(), 0.42);
        RequestWindows day = new RequestWindows(span.start(), span.cutoff(), settings.servingWindow(), settings.seed());
        Duration wideWindow = wideWindow(Duration.between(span.start(), span.cutoff()));
        RequestWindows month = new RequestWindows(span.start(), span.cutoff(), wideWindow, settings.seed() + 1);
        ClosedLoopLoad load = new ClosedLoopLoad(settings.servingClients(), settings.servingWarmup(), settings.servingDuration());

        ServingQueries queries = new ServingQueries(ServingViewSql.of(sandbox.connector().warehouse(), "public"),
                Duration.ofSeconds(30));
        context.progress().say("serving: %d clients running the top-locations SQL over JDBC for %d s, %s and 30-day windows"
                + " (baselines)", settings.servingClients(), settings.servingDuration().toSeconds(),
                Durations.format(settings.servingWindow()));
        ClosedLoopLoad.Result dayBaseline = load.run(i -> new JdbcClient(sandbox.connector(), queries, day.forClient(i)));
        ClosedLoopLoad.Result monthBaseline = load.run(i -> new JdbcClient(sandbox.connector(), queries, month.forClient(i)));

        Map<String, String> environment = new HashMap<>(sandbox.environment());
        environment.put(ServingConfig.HOST.name(), "127.0.0.1");
        ApiRun dayRun;
        ApiRun monthRun;
        ClosedLoopLoad.Result alone;
        try (Server server = Server.start(context, environment, sandbox.connector())) {
            context.progress().say("serving: %d clients on /api/top-locations for %d s, %s and 30-day windows",
                    settings.servingClients(), settings.servingDuration().toSeconds(), Durations.format(settings.servingWindow()));
            server.warmUp(settings.servingClients(), settings.servingWarmup(), List.of(day, month));
            dayRun = server.run(load, day);
            // One client alone shows the service time without queueing, to tell the two apart in the notes.
            Duration aloneFor = min(settings.servingDuration(), ALONE);
            context.progress().say("serving: 1 client on /api/top-locations for %d s (service time without queueing)",
                    aloneFor.toSeconds());
            alone = new ClosedLoopLoad(1, Duration.ofSeconds(1), aloneFor)
                    .run(i -> new HttpClientLoop(server.base(), day.forClient(settings.servingClients() + i)));
            monthRun = server.run(load, month);
        }

        ApiRun dayMisses;
        ApiRun monthMisses;
        environment.put(ServingConfig.CACHE_ROWS.name(), "0");
        try (Server server = Server.start(context, environment, sandbox.connector());
                SpeedCommitter committer = SpeedCommitter.start(sandbox.connector(), span.cutoff(), settings.speedTrigger(),
                        settings.historyLocations())) {
            context.progress().say("serving: the same loads with the cache off and a speed commit every %s (every request"
                    + " misses)", Durations.format(settings.speedTrigger()));
            server.warmUp(settings.servingClients(), settings.servingWarmup(), List.of(day, month));
            ClosedLoopLoad missing = new ClosedLoopLoad(settings.servingClients(), min(settings.servingWarmup(), CONNECT),
                    settings.servingDuration());
            dayMisses = server.run(missing, day);
            monthMisses = server.run(missing, month);
            context.progress().say("serving: %d speed commits during the cache-off loads", committer.commits());
        }
        return List.of(
                figure(ID, TITLE, settings.servingWindow(), dayRun, dayBaseline, dayMisses, Optional.of(alone), span),
                figure(WIDE_ID, WIDE_TITLE, wideWindow, monthRun, monthBaseline, monthMisses, Optional.empty(), span));
    }

    private Figure figure(String id, String title, Duration window, ApiRun ours, ClosedLoopLoad.Result baseline,
            ApiRun misses, Optional<ClosedLoopLoad.Result> alone, ServingHistory.Span span) {
        LatencySummary api = latency(ours.result(), "API request");
        LatencySummary jdbc = latency(baseline, "JDBC query");
        LatencySummary missed = latency(misses.result(), "API request with the cache off");
        if (ours.result().failed() > 0 || baseline.failed() > 0 || misses.result().failed() > 0) {
            throw new TerseException(String.format(Locale.ROOT, "%d API requests, %d with the cache off and %d JDBC queries"
                            + " failed; first: %s", ours.result().failed(), misses.result().failed(), baseline.failed(),
                    ours.result().firstFailure().or(baseline::firstFailure).or(misses.result()::firstFailure).orElse("?")));
        }
        if (misses.hits() > 0) {
            throw new TerseException(misses.hits() + " cache hits with LAMBDA_SERVING_CACHE_ROWS=0");
        }
        double ratio = api.p99Millis() / jdbc.p99Millis();
        context.progress().say("%s: API p50 %.1f ms p99 %.1f ms %,.0f QPS, cache hit rate %.1f %%; every request missing:"
                        + " p99 %.1f ms %,.0f QPS; JDBC p50 %.1f ms p99 %.1f ms %,.0f QPS%s", id, api.p50Millis(),
                api.p99Millis(), ours.result().queriesPerSecond(), 100 * ours.hitRate(), missed.p99Millis(),
                misses.result().queriesPerSecond(), jdbc.p50Millis(), jdbc.p99Millis(), baseline.queriesPerSecond(),
                ours.cpu().describe());
        BenchSettings settings = context.settings();
        String aloneNote = alone.map(result -> {
            LatencySummary single = latency(result, "request of the single client");
            return String.format(Locale.ROOT, "; one API client alone: p50 %.1f ms, p99 %.1f ms, %,.0f QPS (service time"
                    + " without queueing; with a closed loop, latency = clients / QPS)", single.p50Millis(),
                    single.p99Millis(), result.queriesPerSecond());
        }).orElse("");
        return Figure.measured(id, title, values(api, ours.result()), BASELINE, values(jdbc, baseline), ratio,
                List.of(Check.atMost("p99", api.p99Millis(), TARGET_P99_MILLIS, Unit.MILLISECONDS)),
                List.of(String.format(Locale.ROOT, "%d closed-loop clients, %d s measured after %d s of warm-up (each server is"
                                + " first warmed up as long, half its clients asking each figure's windows at limit " + WARM_UP_LIMIT + "), each request a"
                                + " random %s window (limit %d) of %,d batch_view rows (%d days x 24 h x %d locations, cutoff %s)"
                                + " plus 2 hours in speed_view; API: %,d requests, max %.1f ms; JDBC: %,d queries, max %.1f ms;"
                                + " ratio is p99 API / p99 JDBC; the API's pool holds LAMBDA_SERVING_POOL_SIZE (default 8)"
                                + " connections, the baseline one per client%s%s",
                        settings.servingClients(), settings.servingDuration().toSeconds(), settings.servingWarmup().toSeconds(),
                        Durations.format(window), LIMIT, span.batchRows(), settings.historyDays(), settings.historyLocations(),
                        span.cutoff(), ours.result().succeeded(), api.maxMillis(), baseline.succeeded(), jdbc.maxMillis(),
                        aloneNote, ours.cpu().describe()),
                        String.format(Locale.ROOT, "response cache: hit rate %.1f %% (%,d hits, %,d misses); every request"
                                        + " missing it (LAMBDA_SERVING_CACHE_ROWS=0, a speed commit every %s, a server"
                                        + " warmed up as the other, %d s of warm-up per load): p50 %.1f ms,"
                                        + " p99 %.1f ms, %,.0f QPS%s",
                                100 * ours.hitRate(), ours.hits(), ours.misses(), Durations.format(settings.speedTrigger()),
                                min(settings.servingWarmup(), CONNECT).toSeconds(),
                                missed.p50Millis(), missed.p99Millis(), misses.result().queriesPerSecond(),
                                misses.cpu().describe())));
    }

    // 30 days, or, in a history too short for them (the smoke test's), the history less a day.
    private static Duration wideWindow(Duration history) {
        if (history.compareTo(WIDE_WINDOW.plus(Duration.ofDays(1))) > 0) {
            return WIDE_WINDOW;
        }
        return Duration.ofHours(Math.max(1, history.minus(Duration.ofDays(1)).toHours()));
    }

    private static LatencySummary latency(ClosedLoopLoad.Result result, String what) {
        return result.latency().orElseThrow(() -> new TerseException("no " + what + " succeeded: "
                + result.firstFailure().orElse("no failure recorded")));
    }

    private static List<Value> values(LatencySummary latency, ClosedLoopLoad.Result result) {
        return List.of(new Value("p50", latency.p50Millis(), Unit.MILLISECONDS), new Value("p99", latency.p99Millis(),
                Unit.MILLISECONDS), new Value("", result.queriesPerSecond(), Unit.QUERIES_PER_SECOND));
    }

    /** {@code ./lambda serve} as a child process on a free port, healthy. */
    private static final class Server implements AutoCloseable {
        private final ChildProcess process;
        private final URI base;
        private final WarehouseConnector connector;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        private Server(ChildProcess process, URI base, WarehouseConnector connector) {
            this.process = process;
            this.base = base;
            this.connector = connector;
        }

        static Server start(BenchContext context, Map<String, String> environment, WarehouseConnector connector)
                throws InterruptedException {
            int port = freePort();
            ChildProcess process = context.launcher().start("serving", "serve", List.of("--port", Integer.toString(port)),
                    environment);
            Server server = new Server(process, URI.create("http://127.0.0.1:" + port), connector);
            try {
                server.awaitHealthy();
                server.awaitIndex(context);
            } catch (InterruptedException | RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }

        URI base() {
            return base;
        }

        /**
         * Runs the code paths of both figures before either is measured, so neither is measured on a JVM (the serve
         * JVM, fresh after loading its index, and the bench's own HTTP client) still compiling them: one load in which
         * the clients take turns at the kinds of window (half of them each with two), as long as one figure's warm-up.
         * One load per kind took twice as long for the same code paths. The warm-up asks with another limit, so its
         * answers are other questions for the response cache and the measured hit rate stays the loads' own.
         */
        void warmUp(int clients, Duration duration, List<RequestWindows> windows) throws InterruptedException {
            new ClosedLoopLoad(clients, Duration.ZERO, duration).run(i -> new HttpClientLoop(base,
                    windows.get(i % windows.size()).forClient(i), WARM_UP_LIMIT));
        }

        ApiRun run(ClosedLoopLoad load, RequestWindows windows) throws InterruptedException {
            long[] before = cacheGets();
            double[] cpu = new double[6];
            // This stack's PostgreSQL processes (other work on the machine may run a PostgreSQL of its own): the API
            // pool's backends, connected by now, and the server's background processes.
            List<Long> postgres = postgresPids();
            ClosedLoopLoad.Result result = load.run(i -> new HttpClientLoop(base, windows.forClient(i)),
                    new ClosedLoopLoad.MeasuredPeriod() {
                        @Override
                        public void started() {
                            cpu[0] = CpuSeconds.ofProcess(process.pid()).orElse(Double.NaN);
                            cpu[1] = CpuSeconds.ofProcesses(postgres).orElse(Double.NaN);
                            cpu[4] = CpuSeconds.ofProcessInSystem(process.pid()).orElse(Double.NaN);
                        }

                        @Override
                        public void ended() {
                            cpu[2] = CpuSeconds.ofProcess(process.pid()).orElse(Double.NaN);
                            cpu[3] = CpuSeconds.ofProcesses(postgres).orElse(Double.NaN);
                            cpu[5] = CpuSeconds.ofProcessInSystem(process.pid()).orElse(Double.NaN);
                        }
                    });
            long[] after = cacheGets();
            double requests = Math.max(1, result.succeeded());
            // Warm-up requests are counted too: the cache's counters cannot tell them apart.
            return new ApiRun(result, after[0] - before[0], after[1] - before[1],
                    new CpuPerRequest(1000 * (cpu[2] - cpu[0]) / requests, 1000 * (cpu[5] - cpu[4]) / requests,
                            1000 * (cpu[3] - cpu[1]) / requests));
        }

        private List<Long> postgresPids() {
            try (Connection connection = connector.open();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()")) {
                List<Long> pids = new ArrayList<>();
                while (rows.next()) {
                    pids.add(rows.getLong(1));
                }
                return pids;
            } catch (SQLException e) {
                return List.of();
            }
        }

        // {hits, misses} of the response cache, from /metrics.
        private long[] cacheGets() throws InterruptedException {
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the serving layer's /metrics", e);
            }
            long[] gets = new long[2];
            Matcher sample = CACHE_GETS.matcher(response.body());
            while (sample.find()) {
                if (sample.group(1).contains("cache=\"" + CachingQueries.CACHE_NAME + "\"")) {
                    long value = (long) Double.parseDouble(sample.group(2));
                    if (sample.group(1).contains("result=\"hit\"")) {
                        gets[0] = value;
                    } else if (sample.group(1).contains("result=\"miss\"")) {
                        gets[1] = value;
                    }
                }
            }
            return gets;
        }

        // The figure measures the serving layer as it runs: with its in-memory index of batch_view loaded, which it
        // does in the background after start-up (or with it off, when LAMBDA_SERVING_INDEX_ROWS is 0).
        private void awaitIndex(BenchContext context) throws InterruptedException {
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                String metrics = metrics();
                Matcher rows = INDEX_ROWS.matcher(metrics);
                if (!rows.find()) {
                    return;
                }
                if (Double.parseDouble(rows.group(1)) > 0) {
                    Matcher load = INDEX_LOAD.matcher(metrics);
                    context.progress().say("serving: in-memory index of %,.0f batch_view rows loaded in %s s",
                            Double.parseDouble(rows.group(1)), load.find() ? load.group(1) : "?");
                    return;
                }
                Thread.sleep(250);
            }
            context.progress().say("serving: the in-memory index did not load within %d minutes; measuring anyway (see %s)",
                    START_TIMEOUT.toMinutes(), process.log());
        }

        private String metrics() throws InterruptedException {
            try {
                return http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the serving layer's /metrics", e);
            }
        }

        private void awaitHealthy() throws InterruptedException {
            ServingApiClient api = new ServingApiClient(base);
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new TerseException("the serving layer " + Runs.exitReport(process));
                }
                if (api.isUp()) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new TerseException("the serving layer was not healthy after " + START_TIMEOUT.toMinutes() + " minutes; see "
                    + process.log());
        }

        @Override
        public void close() throws InterruptedException {
            process.stop(Duration.ofSeconds(30));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the serving layer", e);
        }
    }

    /** One API client: its own kept-alive HTTP/1.1 connection, a request for the next window, the whole body read. */
    private static final class HttpClientLoop implements ClosedLoopLoad.Client {
        private final KeepAliveGet client;
        private final RequestWindows.Sequence windows;
        private final int limit;

        HttpClientLoop(URI base, RequestWindows.Sequence windows) {
            this(base, windows, LIMIT);
        }

        HttpClientLoop(URI base, RequestWindows.Sequence windows, int limit) {
            this.client = new KeepAliveGet(base);
            this.windows = windows;
            this.limit = limit;
        }

        @Override
        public void call() throws IOException {
            RequestWindows.Window window = windows.next();
            KeepAliveGet.Response response = client.get("/api/top-locations?from=" + window.from() + "&to=" + window.to()
                    + "&limit=" + limit);
            if (response.status() != 200) {
                throw new IOException("HTTP " + response.status() + ": " + response.body());
            }
        }

        @Override
        public void close() {
            try {
                client.close();
            } catch (IOException e) {
                // The load is over; a connection that does not close cleanly changes nothing measured.
            }
        }
    }

    /** One JDBC client: its own connection, the API's own top-locations query for the next window. */
    private static final class JdbcClient implements ClosedLoopLoad.Client {
        private final Connection connection;
        private final ServingQueries queries;
        private final RequestWindows.Sequence windows;

        JdbcClient(WarehouseConnector connector, ServingQueries queries, RequestWindows.Sequence windows) throws SQLException {
            this.connection = connector.open();
            this.queries = queries;
            this.windows = windows;
        }

        @Override
        public void call() throws SQLException {
            RequestWindows.Window window = windows.next();
            if (queries.topLocations(connection, TimeRange.of(window.from(), window.to()), LIMIT).isEmpty()) {
                throw new SQLException("no locations in " + window);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }
}
