package io.lambdaarch.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP server under careless and hostile clients, with 2 million rows in batch_view and speed_view: /health keeps
 * answering while 32 clients loop on unbounded queries, a slow query is cut off by its statement timeout, a full queue
 * answers 503 with Retry-After, a client that hangs up has its query cancelled, and the HTTP details (HEAD, unknown
 * and wrong methods, query decoding, Jetty's own errors, Host, caching) follow the book.
 *
 * <p>Slow queries are made slow for sure, not by hoping the machine is slow: a test connection holds an exclusive lock
 * on batch_view, so a query of it waits until the lock goes or the query is cancelled.
 */
@ExtendWith(LocalStackExtension.class)
class ServingHttpIT {
    private static final Instant CUTOFF = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant NOW = CUTOFF.plus(Duration.ofHours(10)).plusSeconds(30);
    private static final int BATCH_HOURS = 20_000;
    private static final int LOCATIONS = 80;
    private static final int SPEED_BUCKETS = 10;
    private static final int SPEED_HOURS = 500;
    /** Location 0: user content, not ASCII, so the decoding of query parameters shows. */
    private static final String UNUSUAL_LOCATION = "São Paulo 東京 \uD83C\uDDEE\uD83C\uDDF3";
    private static final String ALLOWED_NAME = "dashboard.example.com";
    private static final int CLIENTS = 32;
    private static final Duration LOAD = Duration.ofSeconds(20);
    private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(2);

    private static StackSandbox sandbox;
    private static TestServer server;
    private static ApiClient api;
    private static long[] truth;

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_http");
        try (Connection connection = sandbox.connect()) {
            load(connection);
        }
        truth = truth();
        server = start(Map.of(ServingConfig.ALLOWED_HOSTS.name(), ALLOWED_NAME));
        api = server.api();
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    // 1,600,000 batch_view rows (20,000 hours x 80 locations) and 400,000 speed_view rows (10 buckets from the cutoff
    // x 500 hours x 80 locations), generated in SQL; the measures are formulas of the row's numbers, summed in truth().
    private static void load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            ServingWorkload.clear(connection);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_view (event_hour, location,"
                    + " tweet_count, followers_sum, favorites_sum, retweets_sum)"
                    + " SELECT ? + h * INTERVAL '1 hour', CASE WHEN l = 0 THEN ? ELSE 'place-' || l END,"
                    + " 1 + (h + l) % 7, (h * 31 + l * 17) % 1000, (h + 2 * l) % 50, (h * l) % 13"
                    + " FROM generate_series(0, ?) h, generate_series(0, ?) l")) {
                insert.setObject(1, utc(CUTOFF.minus(Duration.ofHours(BATCH_HOURS))));
                insert.setString(2, UNUSUAL_LOCATION);
                insert.setInt(3, BATCH_HOURS - 1);
                insert.setInt(4, LOCATIONS - 1);
                assertThat(insert.executeUpdate()).isEqualTo(BATCH_HOURS * LOCATIONS);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO speed_view (ingest_bucket, event_hour,"
                    + " location, tweet_count, followers_sum, favorites_sum, retweets_sum)"
                    + " SELECT ? + b * INTERVAL '1 hour', ? + h * INTERVAL '1 hour',"
                    + " CASE WHEN l = 0 THEN ? ELSE 'place-' || l END,"
                    + " 1 + (b + h + l) % 5, (h * 7 + l + b) % 300, (b + l) % 20, (h + l) % 3"
                    + " FROM generate_series(0, ?) b, generate_series(0, ?) h, generate_series(0, ?) l")) {
                insert.setObject(1, utc(CUTOFF));
                insert.setObject(2, utc(CUTOFF.minus(Duration.ofHours(SPEED_HOURS / 2))));
                insert.setString(3, UNUSUAL_LOCATION);
                insert.setInt(4, SPEED_BUCKETS - 1);
                insert.setInt(5, SPEED_HOURS - 1);
                insert.setInt(6, LOCATIONS - 1);
                assertThat(insert.executeUpdate()).isEqualTo(SPEED_BUCKETS * SPEED_HOURS * LOCATIONS);
            }
            ServingWorkload.deriveDayGrain(connection);
            ServingWorkload.insertRun(connection, "recompute-1", CUTOFF, CUTOFF.plusSeconds(120), "succeeded");
            ServingWorkload.insertCommit(connection, 7, NOW.minusSeconds(20), CUTOFF, CUTOFF.plus(Duration.ofHours(10)));
            statement.execute("ANALYZE batch_view");
            statement.execute("ANALYZE batch_view_day");
            statement.execute("ANALYZE speed_view");
        }
    }

    // tweet_count, followers_sum, favorites_sum, retweets_sum over every row, from the formulas of load().
    private static long[] truth() {
        long[] sums = new long[4];
        for (long h = 0; h < BATCH_HOURS; h++) {
            for (long l = 0; l < LOCATIONS; l++) {
                sums[0] += 1 + (h + l) % 7;
                sums[1] += (h * 31 + l * 17) % 1000;
                sums[2] += (h + 2 * l) % 50;
                sums[3] += (h * l) % 13;
            }
        }
        for (long b = 0; b < SPEED_BUCKETS; b++) {
            for (long h = 0; h < SPEED_HOURS; h++) {
                for (long l = 0; l < LOCATIONS; l++) {
                    sums[0] += 1 + (b + h + l) % 5;
                    sums[1] += (h * 7 + l + b) % 300;
                    sums[2] += (b + l) % 20;
                    sums[3] += (h + l) % 3;
                }
            }
        }
        return sums;
    }

    private static void assertTotalsAreTheTruth(JsonNode body) {
        JsonNode totals = body.get("totals");
        assertThat(new long[] {totals.get("tweet_count").asLong(), totals.get("followers_sum").asLong(),
                totals.get("favorites_sum").asLong(), totals.get("retweets_sum").asLong()}).containsExactly(truth);
        assertThat(totals.get("locations").asLong()).isEqualTo(LOCATIONS);
    }

    private static void assertJsonError(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/json");
        assertThat(response.json().get("error").get("code").asText()).isEqualTo(code);
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "SELECT", "<html");
    }

    // ---- serving that protects itself ----

    @Test
    void totalsOverTwoMillionRowsShouldEqualTheTruth() {
        ApiClient.Response response = api.get("api/totals");

        assertThat(response.status()).isEqualTo(200);
        assertTotalsAreTheTruth(response.json());
        assertThat(response.json().get("complete").asBoolean()).isTrue();
    }

    private record Probe(int status, long millis) {
    }

    @Test
    void healthShouldAnswerWithinTwoSecondsEverySecondWhile32ClientsLoopOnUnboundedQueries() throws Exception {
        HttpClient clients = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI totals = server.application().baseUri().resolve("api/totals");
        long deadline = System.nanoTime() + LOAD.toNanos();
        ConcurrentLinkedQueue<HttpResponse<String>> answers = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        for (int i = 0; i < CLIENTS; i++) {
            loops.add(CompletableFuture.runAsync(() -> {
                // bounded: until the deadline, and never more than 1,000 requests
                for (int n = 0; n < 1000 && System.nanoTime() < deadline; n++) {
                    try {
                        answers.add(clients.send(HttpRequest.newBuilder(totals).timeout(Duration.ofSeconds(120)).build(),
                                HttpResponse.BodyHandlers.ofString()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, threads));
        }
        threads.shutdown();

        // Sampled every 50 ms, apart from the health probes: each query that ends leaves its connection idle for an
        // instant before the next takes it, so one sample a second can miss every moment the whole pool was busy.
        DoubleAccumulator mostRunning = new DoubleAccumulator(Math::max, 0);
        CompletableFuture<Void> sampler = CompletableFuture.runAsync(() -> {
            while (System.nanoTime() < deadline) {
                mostRunning.accumulate(api.metric("serving_queries_running", ""));
                try {
                    TimeUnit.MILLISECONDS.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });

        HttpClient prober = HttpClient.newBuilder().connectTimeout(HEALTH_DEADLINE).build();
        URI health = server.application().baseUri().resolve("health");
        List<Probe> probes = new ArrayList<>();
        long start = System.nanoTime();
        for (int second = 0; second < LOAD.toSeconds(); second++) {
            long tick = start + TimeUnit.SECONDS.toNanos(second);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, tick - System.nanoTime()));
            long sent = System.nanoTime();
            int status;
            try {
                status = prober.send(HttpRequest.newBuilder(health).timeout(HEALTH_DEADLINE).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            probes.add(new Probe(status, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        sampler.get(1, TimeUnit.MINUTES);

        assertThat(probes).hasSize((int) LOAD.toSeconds()).allSatisfy(probe -> {
            assertThat(probe.status()).as("%s", probes).isEqualTo(200);
            assertThat(probe.millis()).as("%s", probes).isLessThan(HEALTH_DEADLINE.toMillis());
        });
        // the load was real: every connection of the API's pool was busy at some point
        assertThat(mostRunning.get()).isEqualTo(ServingConfig.POOL_SIZE.defaultValue().orElseThrow().doubleValue());
        assertThat(answers).anySatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(200));
        for (HttpResponse<String> answer : answers) {
            ApiClient.Response response = new ApiClient.Response(answer.statusCode(),
                    answer.headers().firstValue("Content-Type").orElse(""), answer.body(), answer.headers());
            if (answer.statusCode() == 200) {
                assertTotalsAreTheTruth(response.json());
            } else if (answer.statusCode() == 503) {
                // more clients than connections: some waited too long in the queue, and were told when to come back
                assertJsonError(response, 503, "OVERLOADED");
                assertThat(response.header("Retry-After")).isEqualTo("1");
            } else {
                assertJsonError(response, 504, "QUERY_TIMEOUT");
            }
        }
    }

    @Test
    void aQueryPastItsStatementTimeoutShouldAnswerAJson504() throws SQLException {
        try (TestServer slow = start(Map.of(ServingConfig.QUERY_TIMEOUT.name(), "1s"));
                Connection lock = lockBatchView()) {
            long start = System.nanoTime();
            ApiClient.Response response = slow.api().get("api/totals");

            assertJsonError(response, 504, "QUERY_TIMEOUT");
            assertThat(response.json().get("error").get("incident").asText()).isNotBlank();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            // HEAD answers what GET answers
            assertThat(slow.api().exchange("HEAD", "/api/totals", Map.of()).status()).isEqualTo(504);
            assertThat(queriesWaitingOnTheLock()).isZero();
        }
    }

    @Test
    void aFullQueueShouldAnswer503WithRetryAfterAndHealthShouldNotWait() throws Exception {
        try (TestServer small = start(Map.of(ServingConfig.POOL_SIZE.name(), "1",
                ServingConfig.QUEUE_SIZE.name(), "1", ServingConfig.QUERY_TIMEOUT.name(), "120s"))) {
            CompletableFuture<ApiClient.Response> running;
            CompletableFuture<ApiClient.Response> queued;
            try (Connection lock = lockBatchView()) {
                running = CompletableFuture.supplyAsync(() -> small.api().get("api/totals"));
                await().atMost(Duration.ofSeconds(60)).until(() -> queriesWaitingOnTheLock() == 1);
                queued = CompletableFuture.supplyAsync(() -> small.api().get("api/totals"));
                await().atMost(Duration.ofSeconds(60)).until(() -> small.api().metric("serving_queries_waiting", "") == 1);

                long start = System.nanoTime();
                ApiClient.Response refused = small.api().get("api/totals");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
                assertJsonError(refused, 503, "OVERLOADED");
                assertThat(refused.header("Retry-After")).isEqualTo("1");

                // the pool is taken and the queue full, yet health answers at once, and truthfully
                start = System.nanoTime();
                ApiClient.Response health = small.api().get("health");
                assertThat(health.status()).isEqualTo(200);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HEALTH_DEADLINE);

                // the queued request gives up after its wait for a connection, with the same answer
                ApiClient.Response gaveUp = queued.get(60, TimeUnit.SECONDS);
                assertJsonError(gaveUp, 503, "OVERLOADED");
                assertThat(gaveUp.header("Retry-After")).isEqualTo("1");
            }
            ApiClient.Response answered = running.get(120, TimeUnit.SECONDS);
            assertThat(answered.status()).isEqualTo(200);
            assertTotalsAreTheTruth(answered.json());
        }
    }

    @Test
    void aQueryShouldBeCancelledWhenItsClientHangsUp() throws Exception {
        try (TestServer patient = start(Map.of(ServingConfig.QUERY_TIMEOUT.name(), "300s"));
                Connection lock = lockBatchView()) {
            URI base = patient.application().baseUri();
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /api/totals HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> queriesWaitingOnTheLock() == 1);
            }
            // the lock is still held, so the query did not finish: it was cancelled, long before its timeout
            await().atMost(Duration.ofSeconds(10)).until(() -> queriesWaitingOnTheLock() == 0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(patient.api().metric(
                    "http_server_requests_seconds_count", "route=\"/api/totals\",status=\"499\"")).isEqualTo(1));
            assertThat(patient.api().metric("serving_queries_running", "")).isZero();
        }
    }

    // ---- HTTP by the book ----

    @Test
    void headShouldAnswerWhatGetAnswersWithoutTheBody() {
        for (String target : List.of("/api/totals", "/api/totals?from=never", "/api/freshness", "/health", "/metrics",
                "/", "/dashboard.js", "/api/nothing-here")) {
            ApiClient.Response get = api.exchange("GET", target, Map.of());
            ApiClient.Response head = api.exchange("HEAD", target, Map.of());

            assertThat(head.status()).as(target).isEqualTo(get.status());
            assertThat(head.contentType()).as(target).isEqualTo(get.contentType());
            assertThat(head.body()).as(target).isEmpty();
            assertThat(get.body()).as(target).isNotEmpty();
        }
        assertThat(api.exchange("HEAD", "/api/totals?from=never", Map.of()).status()).isEqualTo(400);
        assertThat(Integer.parseInt(api.exchange("HEAD", "/api/totals", Map.of()).header("Content-Length"))).isPositive();
    }

    @Test
    void unknownMethodsShouldGet501AndShareOneMetricsLabel() {
        ApiClient.Response first = api.exchange("FROBNICATE", "/api/totals", Map.of());
        assertJsonError(first, 501, "NOT_IMPLEMENTED");
        api.get("metrics");
        int before = api.get("metrics").body().length();

        for (int i = 0; i < 1000; i++) {
            assertThat(api.exchange("MADEUP" + i, "/api/totals", Map.of()).status()).isEqualTo(501);
        }

        String metrics = api.get("metrics").body();
        assertThat(metrics).doesNotContain("MADEUP", "FROBNICATE");
        assertThat(api.metric("http_server_requests_seconds_count", "method=\"OTHER\",route=\"/api/totals\",status=\"501\""))
                .isEqualTo(1001);
        // only numbers changed: a few bytes, not 1,000 new series (about 290 bytes each)
        assertThat(metrics.length()).isLessThan(before + 1000);
    }

    @Test
    void aKnownMethodOnAResourceShouldGet405WithAllow() {
        for (String[] request : List.of(new String[] {"POST", "/api/totals"}, new String[] {"DELETE", "/health"},
                new String[] {"PUT", "/"}, new String[] {"PATCH", "/dashboard.js"}, new String[] {"OPTIONS", "/metrics"},
                new String[] {"TRACE", "/api/freshness"})) {
            ApiClient.Response response = api.exchange(request[0], request[1], Map.of("Content-Length", "0"));

            assertJsonError(response, 405, "METHOD_NOT_ALLOWED");
            assertThat(response.header("Allow")).as("%s %s", request[0], request[1]).isEqualTo("GET, HEAD");
        }
        assertJsonError(api.exchange("POST", "/api/nothing-here", Map.of("Content-Length", "0")), 404, "NOT_FOUND");
        assertThat(api.get("metrics").body())
                .contains("http_server_requests_seconds_count{method=\"POST\",route=\"/api/totals\",status=\"405\"}");
    }

    @Test
    void queryParametersShouldBeUtf8WhateverTheHeadersSay() {
        String location = URLEncoder.encode(UNUSUAL_LOCATION, StandardCharsets.UTF_8);
        String series = "/api/timeseries?location=" + location
                + "&from=2026-11-19T00:00:00Z&to=2026-11-20T00:00:00Z&granularity=day";
        for (String contentType : List.of("text/plain; charset=ISO-8859-1", "application/json; charset=nonsense",
                "text/plain; charset", "text/plain; charset=", "application/x-www-form-urlencoded; charset=UTF-16")) {
            ApiClient.Response top = api.exchange("GET", "/api/top-locations?limit=3", Map.of("Content-Type", contentType));
            assertThat(top.status()).as("%s: %s", contentType, top.body()).isEqualTo(200);
            // the parameter was read: three locations, not the default ten
            assertThat(top.json().get("locations").size()).as(contentType).isEqualTo(3);
            assertThat(top.json().get("limit").asInt()).isEqualTo(3);

            ApiClient.Response points = api.exchange("GET", series, Map.of("Content-Type", contentType));
            assertThat(points.status()).as("%s: %s", contentType, points.body()).isEqualTo(200);
            assertThat(points.json().get("location").asText()).isEqualTo(UNUSUAL_LOCATION);
            assertThat(points.json().get("points").size()).isEqualTo(1);
        }
    }

    @Test
    void aBadEscapeShouldGet400NamingTheParameter() {
        for (String[] request : List.of(new String[] {"/api/top-locations?limit=%ZZ", "limit"},
                new String[] {"/api/timeseries?location=Z%FCrich&from=2026-11-19T00:00:00Z&to=2026-11-20T00:00:00Z",
                        "location"},
                new String[] {"/api/totals?from=2026-11-19T00:00:00Z&to=%", "to"})) {
            ApiClient.Response response = api.exchange("GET", request[0], Map.of());

            assertJsonError(response, 400, "BAD_PARAMETER");
            assertThat(response.json().get("error").get("parameter").asText()).isEqualTo(request[1]);
        }
    }

    @Test
    void errorsJettyAnswersItselfShouldBeJson() {
        assertJsonError(api.exchange("GET", "/api/%ZZ", Map.of()), 400, "BAD_REQUEST");
        assertJsonError(api.exchange("GET", "/api/totals", Map.of("X-Padding", "x".repeat(16 * 1024))),
                431, "HEADERS_TOO_LARGE");
        // Jetty drops the request line it cannot parse (its method reads "BAD"), so a HEAD with a bad URI cannot be
        // told from a GET: it gets the same JSON, and Jetty closes the connection after it
        assertJsonError(api.exchange("HEAD", "/api/%ZZ", Map.of()), 400, "BAD_REQUEST");
    }

    @Test
    void hostsShouldBeCheckedAgainstTheAllowlist() {
        int port = server.application().port();
        for (String host : List.of("evil.example", "evil.example:" + port, "localhost.evil.example")) {
            for (String target : List.of("/api/totals", "/health", "/", "/metrics")) {
                ApiClient.Response response = api.exchange("GET", target, Map.of("Host", host));
                assertJsonError(response, 403, "HOST_NOT_ALLOWED");
                assertThat(response.json().get("error").get("message").asText()).contains(ServingConfig.ALLOWED_HOSTS.name());
            }
        }
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, ALLOWED_NAME + ":" + port)) {
            assertThat(api.exchange("GET", "/health", Map.of("Host", host)).status()).as(host).isEqualTo(200);
        }
    }

    @Test
    void healthMetricsAndFreshnessShouldNotBeCached() {
        for (String target : List.of("health", "metrics", "api/freshness", "api/totals")) {
            assertThat(api.get(target).header("Cache-Control")).as(target).isEqualTo("no-store");
        }
        assertThat(api.get("").header("Cache-Control")).isEqualTo("no-cache");
    }

    // ---- helpers ----

    /**
     * A server with {@code settings} and the in-memory index off: these tests make a question slow by locking
     * batch_view, which the index never reads once loaded (and its load would wait on the lock too); what they test
     * (timeouts, the queue, cancelling) is the warehouse path, which every question takes while an index loads after a
     * recompute, or when batch_view is over LAMBDA_SERVING_INDEX_ROWS.
     */
    private static TestServer start(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put(ServingConfig.INDEX_ROWS.name(), "0");
        return TestServer.start(sandbox, NOW, all);
    }

    private static Connection lockBatchView() throws SQLException {
        Connection connection = sandbox.connect();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE batch_view IN ACCESS EXCLUSIVE MODE");
        }
        return connection;
    }

    private static int queriesWaitingOnTheLock() throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND pid <> pg_backend_pid() AND state = 'active' AND wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
