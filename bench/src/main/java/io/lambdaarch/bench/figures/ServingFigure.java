package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.jdbc.ServingHistory;
import io.lambdaarch.bench.load.ClosedLoopLoad;
import io.lambdaarch.bench.load.RequestWindows;
import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.bench.report.Check;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.Unit;
import io.lambdaarch.bench.report.Value;
import io.lambdaarch.bench.stack.BenchSandbox;
import io.lambdaarch.bench.stats.LatencySummary;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.status.ServingApiClient;
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
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serving latency: {@code --serving-clients} clients asking {@code ./lambda serve}'s {@code /api/top-locations} for
 * a random {@code --serving-window} of {@code --history-days} x {@code --history-locations} hours of history, back to
 * back; then the same clients running the API's own top-locations SQL directly over JDBC, one connection each.
 */
public final class ServingFigure {
    static final String ID = "serving";
    static final String TITLE = "serving latency";
    static final String BASELINE = "same SQL over JDBC";
    static final double TARGET_P99_MILLIS = 50;
    private static final int LIMIT = 10;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ALONE = Duration.ofSeconds(5);

    private final BenchContext context;

    public ServingFigure(BenchContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The figure's row when it could not be measured. */
    public static Figure failed(String error) {
        return Figure.failed(ID, TITLE, BASELINE, List.of(Check.atMost("p99", 0, TARGET_P99_MILLIS, Unit.MILLISECONDS).target()),
                error);
    }

    public Figure measure() throws InterruptedException, SQLException {
        BenchSettings settings = context.settings();
        BenchSandbox sandbox = context.stack().sandbox("serving");
        context.progress().say("serving: writing %d days x 24 hours x %d locations of history", settings.historyDays(),
                settings.historyLocations());
        ServingHistory.Span span = new ServingHistory(sandbox.connector()).fill(settings.historyDays(), settings.historyLocations(),
                Instant.now(), 0.42);
        RequestWindows windows = new RequestWindows(span.start(), span.cutoff(), settings.servingWindow(), settings.seed());
        ClosedLoopLoad load = new ClosedLoopLoad(settings.servingClients(), settings.servingWarmup(), settings.servingDuration());

        context.progress().say("serving: %d clients running the top-locations SQL over JDBC for %d s (baseline)",
                settings.servingClients(), settings.servingDuration().toSeconds());
        ServingQueries queries = new ServingQueries(ServingViewSql.of(sandbox.connector().warehouse(), "public"),
                TweetView.DEFINITION, Duration.ofSeconds(30));
        ClosedLoopLoad.Result baseline = load.run(i -> new JdbcClient(sandbox.connector(), queries, windows.forClient(i)));

        int port = freePort();
        Map<String, String> environment = new HashMap<>(sandbox.environment());
        environment.put(ServingConfig.HOST.name(), "127.0.0.1");
        ChildProcess server = context.launcher().start("serving", "serve", List.of("--port", Integer.toString(port)), environment);
        try {
            URI base = URI.create("http://127.0.0.1:" + port);
            awaitHealthy(server, base);
            context.progress().say("serving: %d clients on /api/top-locations for %d s", settings.servingClients(),
                    settings.servingDuration().toSeconds());
            ClosedLoopLoad.Result ours = load.run(i -> new HttpClientLoop(base, windows.forClient(i)));
            // One client alone shows the service time without queueing, to tell the two apart in the notes.
            Duration aloneFor = min(settings.servingDuration(), ALONE);
            context.progress().say("serving: 1 client on /api/top-locations for %d s (service time without queueing)",
                    aloneFor.toSeconds());
            ClosedLoopLoad.Result alone = new ClosedLoopLoad(1, Duration.ofSeconds(1), aloneFor)
                    .run(i -> new HttpClientLoop(base, windows.forClient(settings.servingClients() + i)));
            return figure(ours, baseline, alone, span);
        } finally {
            server.stop(Duration.ofSeconds(30));
        }
    }

    private Figure figure(ClosedLoopLoad.Result ours, ClosedLoopLoad.Result baseline, ClosedLoopLoad.Result alone,
            ServingHistory.Span span) {
        LatencySummary api = ours.latency().orElseThrow(() -> new TerseException("no API request succeeded: "
                + ours.firstFailure().orElse("no failure recorded")));
        LatencySummary jdbc = baseline.latency().orElseThrow(() -> new TerseException("no JDBC query succeeded: "
                + baseline.firstFailure().orElse("no failure recorded")));
        if (ours.failed() > 0 || baseline.failed() > 0) {
            throw new TerseException(String.format(Locale.ROOT, "%d API requests and %d JDBC queries failed; first: %s",
                    ours.failed(), baseline.failed(), ours.firstFailure().or(baseline::firstFailure).orElse("?")));
        }
        LatencySummary single = alone.latency().orElseThrow(() -> new TerseException("no request of the single client"
                + " succeeded: " + alone.firstFailure().orElse("no failure recorded")));
        double ratio = api.p99Millis() / jdbc.p99Millis();
        context.progress().say("serving: API p50 %.1f ms p99 %.1f ms %,.0f QPS; JDBC p50 %.1f ms p99 %.1f ms %,.0f QPS",
                api.p50Millis(), api.p99Millis(), ours.queriesPerSecond(), jdbc.p50Millis(), jdbc.p99Millis(),
                baseline.queriesPerSecond());
        BenchSettings settings = context.settings();
        return Figure.measured(ID, TITLE, values(api, ours), BASELINE, values(jdbc, baseline), ratio,
                List.of(Check.atMost("p99", api.p99Millis(), TARGET_P99_MILLIS, Unit.MILLISECONDS)),
                List.of(String.format(Locale.ROOT, "%d closed-loop clients, %d s measured after %d s of warm-up, each request a"
                                + " random %s window (limit %d) of %,d batch_view rows (%d days x 24 h x %d locations, cutoff %s)"
                                + " plus 2 hours in speed_view; API: %,d requests, max %.1f ms; JDBC: %,d queries, max %.1f ms;"
                                + " ratio is p99 API / p99 JDBC; the API's pool holds LAMBDA_SERVING_POOL_SIZE (default 8)"
                                + " connections, the baseline one per client; one API client alone: p50 %.1f ms, p99 %.1f ms,"
                                + " %,.0f QPS (service time without queueing; with a closed loop, latency = clients / QPS)",
                        settings.servingClients(), settings.servingDuration().toSeconds(), settings.servingWarmup().toSeconds(),
                        Durations.format(settings.servingWindow()), LIMIT, span.batchRows(),
                        settings.historyDays(), settings.historyLocations(), span.cutoff(), ours.succeeded(), api.maxMillis(),
                        baseline.succeeded(), jdbc.maxMillis(), single.p50Millis(), single.p99Millis(),
                        alone.queriesPerSecond())));
    }

    private static List<Value> values(LatencySummary latency, ClosedLoopLoad.Result result) {
        return List.of(new Value("p50", latency.p50Millis(), Unit.MILLISECONDS), new Value("p99", latency.p99Millis(),
                Unit.MILLISECONDS), new Value("", result.queriesPerSecond(), Unit.QUERIES_PER_SECOND));
    }

    private static void awaitHealthy(ChildProcess server, URI base) throws InterruptedException {
        ServingApiClient api = new ServingApiClient(base);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new TerseException("the serving layer " + Runs.exitReport(server));
            }
            if (api.isUp()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new TerseException("the serving layer was not healthy after " + START_TIMEOUT.toMinutes() + " minutes; see "
                + server.log());
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

    /** One API client: its own HTTP/1.1 connection, a request for the next window, the whole body read. */
    private static final class HttpClientLoop implements ClosedLoopLoad.Client {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final URI base;
        private final RequestWindows.Sequence windows;

        HttpClientLoop(URI base, RequestWindows.Sequence windows) {
            this.base = base;
            this.windows = windows;
        }

        @Override
        public void call() throws IOException, InterruptedException {
            RequestWindows.Window window = windows.next();
            URI uri = base.resolve("/api/top-locations?from=" + window.from() + "&to=" + window.to() + "&limit=" + LIMIT);
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
            }
        }

        @Override
        public void close() {
            // HttpClient has no close on Java 17; its connection ends with the client object
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
