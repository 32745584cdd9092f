package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.ServingWorkload.HourLocation;
import io.lambdaarch.serving.ServingWorkload.Sums;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.WarehousePool;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance of the serving layer on PostgreSQL: with batch_view, speed_view and the bookkeeping written from a
 * known workload, serving_view and every endpoint equal the truth computed from the events; bad parameters are
 * answered 400 without touching the warehouse.
 */
@ExtendWith(LocalStackExtension.class)
class ServingApiIT {
    private static final ServingWorkload WORKLOAD = ServingWorkload.generate(20261126L, 4000);
    private static StackSandbox sandbox;
    private static TestServer server;
    private static ApiClient api;
    private static boolean viewExistedBeforeStart;

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_api");
        try (Connection connection = sandbox.connect()) {
            viewExistedBeforeStart = viewExists(connection);
            WORKLOAD.load(connection);
        }
        server = TestServer.start(sandbox, ServingWorkload.NOW, Map.of());
        api = server.api();
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    private static boolean viewExists(Connection connection) throws SQLException {
        return new ServingSchema(ServingViewSql.of(sandbox.warehouseSettings().warehouse(), "public"))
                .viewExists(connection);
    }

    private static void assertSums(JsonNode node, Sums expected) {
        assertThat(node.get("tweet_count").asLong()).as("tweet_count of %s", node).isEqualTo(expected.tweetCount());
        assertThat(node.get("followers_sum").asLong()).as("followers_sum of %s", node).isEqualTo(expected.followersSum());
        assertThat(node.get("favorites_sum").asLong()).as("favorites_sum of %s", node).isEqualTo(expected.favoritesSum());
        assertThat(node.get("retweets_sum").asLong()).as("retweets_sum of %s", node).isEqualTo(expected.retweetsSum());
    }

    private static void assertFreshnessBlock(JsonNode body) {
        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(body.get("freshness").get("batch_cutoff").asText()).isEqualTo(ServingWorkload.CUTOFF.toString());
        assertThat(body.get("freshness").get("complete").asBoolean()).isTrue();
    }

    @Test
    void servingViewShouldExistWithTheSchemaBeforeServeStarts() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            assertThat(viewExistedBeforeStart).as("installed with the stack's schema").isTrue();
            assertThat(viewExists(connection)).isTrue();
        }
    }

    @Test
    void servingViewShouldEqualTheTruth() throws SQLException {
        Map<HourLocation, Sums> actual = new HashMap<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM serving_view")) {
            while (rs.next()) {
                HourLocation key = new HourLocation(
                        rs.getObject("event_hour", LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString("location"));
                Sums sums = new Sums(rs.getLong("tweet_count"), rs.getLong("followers_sum"), rs.getLong("favorites_sum"),
                        rs.getLong("retweets_sum"));
                assertThat(actual.put(key, sums)).as("one row per (event_hour, location): %s", key).isNull();
            }
        }
        assertThat(actual).isEqualTo(WORKLOAD.truth());
    }

    @Test
    void totalsShouldEqualTheTruth() {
        JsonNode all = api.get("api/totals").json();
        assertSums(all.get("totals"), WORKLOAD.totals(null, null));
        assertThat(all.get("totals").get("locations").asLong()).isEqualTo(ServingWorkload.LOCATIONS.size());
        assertThat(all.get("from").isNull()).isTrue();
        assertFreshnessBlock(all);

        Instant from = ServingWorkload.BASE.plus(Duration.ofHours(3));
        Instant to = ServingWorkload.CUTOFF.plus(Duration.ofHours(5));
        JsonNode range = api.get("api/totals", query("from", from.toString(), "to", to.toString())).json();
        assertSums(range.get("totals"), WORKLOAD.totals(from, to));
        assertThat(range.get("totals").get("locations").asLong()).isEqualTo(WORKLOAD.locations(from, to));
        assertThat(range.get("from").asText()).isEqualTo(from.toString());
        assertFreshnessBlock(range);
    }

    static Stream<Arguments> topLocationQueries() {
        Instant base = ServingWorkload.BASE;
        return Stream.of(
                Arguments.of(null, null, 10),
                Arguments.of(null, null, 3),
                Arguments.of(base.minus(Duration.ofHours(40)), base.plus(Duration.ofHours(40)), 1000),
                // only hours after the cutoff: answered from speed buckets alone
                Arguments.of(ServingWorkload.CUTOFF.plus(Duration.ofHours(3)), null, 5),
                // a range that does not start on a whole hour leaves out the hour it starts in
                Arguments.of(base.plus(Duration.ofMinutes(90)), base.plus(Duration.ofHours(4)), 4));
    }

    @ParameterizedTest
    @MethodSource("topLocationQueries")
    void topLocationsShouldEqualTheTruth(Instant from, Instant to, int limit) {
        Map<String, String> parameters = new HashMap<>(query("limit", Integer.toString(limit)));
        Optional.ofNullable(from).ifPresent(f -> parameters.put("from", f.toString()));
        Optional.ofNullable(to).ifPresent(t -> parameters.put("to", t.toString()));

        ApiClient.Response response = api.get("api/top-locations", parameters);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        List<Map.Entry<String, Sums>> truth = WORKLOAD.byLocation(from, to);
        Map<String, Sums> truthByLocation = new HashMap<>();
        truth.forEach(e -> truthByLocation.put(e.getKey(), e.getValue()));
        JsonNode locations = body.get("locations");
        assertThat(locations.size()).isEqualTo(Math.min(limit, truth.size()));
        for (int i = 0; i < locations.size(); i++) {
            JsonNode row = locations.get(i);
            // the counts fall in the true order; locations with equal counts may come in either order
            assertThat(row.get("tweet_count").asLong()).isEqualTo(truth.get(i).getValue().tweetCount());
            assertSums(row, truthByLocation.get(row.get("location").asText()));
        }
        assertThat(body.get("limit").asInt()).isEqualTo(limit);
        assertFreshnessBlock(body);
    }

    @ParameterizedTest
    @MethodSource("seriesLocations")
    void timeseriesShouldEqualTheTruth(String location) {
        Instant from = ServingWorkload.BASE.minus(Duration.ofHours(48));
        Instant to = ServingWorkload.BASE.plus(Duration.ofHours(36));
        for (ChronoUnit step : List.of(ChronoUnit.HOURS, ChronoUnit.DAYS)) {
            String granularity = step == ChronoUnit.HOURS ? "hour" : "day";
            JsonNode body = api.get("api/timeseries", query("location", location, "from", from.toString(),
                    "to", to.toString(), "granularity", granularity)).json();

            Map<Instant, Sums> truth = WORKLOAD.series(location, from, to, step);
            assertThat(truth).hasSizeGreaterThan(1);
            JsonNode points = body.get("points");
            assertThat(points.size()).as("%s by %s", location, granularity).isEqualTo(truth.size());
            Iterator<Map.Entry<Instant, Sums>> expected = truth.entrySet().iterator();
            for (JsonNode point : points) {
                Map.Entry<Instant, Sums> next = expected.next();
                assertThat(Instant.parse(point.get("time").asText())).isEqualTo(next.getKey());
                assertSums(point, next.getValue());
            }
            assertThat(body.get("location").asText()).isEqualTo(location);
            assertThat(body.get("granularity").asText()).isEqualTo(granularity);
            assertFreshnessBlock(body);
        }
    }

    static Stream<String> seriesLocations() {
        // the most frequent, one with an apostrophe, one shaped like SQL injection, one with an emoji and markup
        return Stream.of("Mumbai \uD83C\uDDEE\uD83C\uDDF3", "Côte d'Ivoire", "x' OR '1'='1", "Zürich <script>alert(1)</script>");
    }

    @Test
    void freshnessShouldDescribeTheLatestSucceededRunAndSpeedCommit() {
        JsonNode body = api.get("api/freshness").json();
        JsonNode freshness = body.get("freshness");

        assertThat(body.get("complete").asBoolean()).isTrue();
        assertThat(freshness.get("batch_cutoff").asText()).isEqualTo(ServingWorkload.CUTOFF.toString());
        assertThat(freshness.get("batch_run_id").asText()).isEqualTo(ServingWorkload.LATEST_RUN);
        assertThat(freshness.get("batch_finished_at").asText()).isEqualTo(ServingWorkload.LATEST_RUN_FINISHED.toString());
        assertThat(freshness.get("speed_last_commit").asText()).isEqualTo(ServingWorkload.SPEED_COMMITTED_AT.toString());
        assertThat(freshness.get("speed_batch_id").asLong()).isEqualTo(ServingWorkload.SPEED_BATCH_ID);
        assertThat(freshness.get("speed_oldest_bucket").asText()).isEqualTo(ServingWorkload.RETAINED_FROM.toString());
        Instant maxIngest = WORKLOAD.maxIngestTime().truncatedTo(ChronoUnit.MICROS);
        assertThat(Instant.parse(freshness.get("speed_max_ingest_time").asText())).isEqualTo(maxIngest);
        assertThat(freshness.get("speed_lag_seconds").asDouble())
                .isEqualTo(Duration.between(maxIngest, ServingWorkload.NOW).toMillis() / 1000.0);
        assertThat(freshness.get("as_of").asText()).isEqualTo(ServingWorkload.NOW.toString());
        // the sandbox topic is empty: once the offsets are fetched, nothing was ingested after the speed layer's newest
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonNode lag = api.get("api/freshness").json().get("freshness");
            assertThat(lag.get("speed_lag_records").isNull()).as(lag.toString()).isFalse();
            assertThat(lag.get("speed_lag_records").asLong()).isZero();
            assertThat(lag.get("speed_lag_records_note").asText()).startsWith("estimated");
        });
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("api/top-locations?from=2026-11-20T00:00:00Z'%20OR%20'1'='1", "from"),
                Arguments.of("api/top-locations?to=2026-11-21T00:00:00Z;DROP%20TABLE%20batch_view", "to"),
                Arguments.of("api/top-locations?limit=1;DELETE%20FROM%20batch_view", "limit"),
                Arguments.of("api/top-locations?limit=1%20OR%201=1", "limit"),
                Arguments.of("api/top-locations?limit=100000", "limit"),
                Arguments.of("api/top-locations?limit=0", "limit"),
                Arguments.of("api/top-locations?limit=1&limit=2", "limit"),
                Arguments.of("api/top-locations?from=%2B10000-01-01T00:00:00Z", "from"),
                Arguments.of("api/top-locations?from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z", "to"),
                Arguments.of("api/top-locations?order=location%3B--", "order"),
                Arguments.of("api/totals?from=yesterday", "from"),
                Arguments.of("api/totals?limit=3", "limit"),
                Arguments.of("api/timeseries?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", "location"),
                Arguments.of("api/timeseries?location=Berlin%00&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", "location"),
                Arguments.of("api/timeseries?location=%20Berlin&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z", "location"),
                Arguments.of("api/timeseries?location=Lagos&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z"
                        + "&granularity=hour);DROP%20TABLE%20speed_view;--", "granularity"),
                Arguments.of("api/timeseries?location=Lagos&from=1900-01-01T00:00:00Z&to=2026-11-21T00:00:00Z", "to"),
                Arguments.of("api/timeseries?location=Lagos&to=2026-11-21T00:00:00Z", "from"),
                Arguments.of("api/freshness?verbose=1", "verbose"),
                // The view is checked against the declared views before anything else, never put into SQL as given.
                Arguments.of("api/totals?view=view;DROP%20TABLE%20batch_view", "view"),
                Arguments.of("api/top-locations?view=batch_view%20UNION%20SELECT%201", "view"),
                Arguments.of("api/timeseries?view=serving_view&location=Lagos&from=2026-11-20T00:00:00Z"
                        + "&to=2026-11-21T00:00:00Z", "view"),
                Arguments.of("api/totals?view=lang_day&view=view", "view"),
                Arguments.of("api/freshness?view=nope", "view"),
                Arguments.of("api/timeseries?view=lang_day&lang=en&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z"
                        + "&granularity=hour", "granularity"),
                Arguments.of("api/timeseries?view=lang_day&location=Lagos&from=2026-11-20T00:00:00Z"
                        + "&to=2026-11-21T00:00:00Z", "location"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badParametersShouldGet400NamingThemAndTouchNoData(String request, String parameter) throws SQLException {
        String before = tableFingerprint();
        double connectionsBefore = connectionsUsed();

        ApiClient.Response response = api.getRaw(request);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode error = response.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("BAD_PARAMETER");
        assertThat(error.get("parameter").asText()).isEqualTo(parameter);
        assertThat(error.get("message").asText()).contains(parameter);
        // no connection was taken from the pool, and the data is as it was
        assertThat(connectionsUsed()).isEqualTo(connectionsBefore);
        assertThat(tableFingerprint()).isEqualTo(before);
    }

    @Test
    void malformedEscapesShouldGet400AndTouchNoData() {
        double connectionsBefore = connectionsUsed();

        ApiClient.Response response = api.getOverSocket("/api/top-locations?limit=%ZZ");

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
        assertThat(connectionsUsed()).isEqualTo(connectionsBefore);
    }

    @Test
    void aGoodRequestShouldUseAConnection() {
        // the probe of the test above can see a request that does touch the warehouse
        double before = connectionsUsed();
        assertThat(api.get("api/totals").status()).isEqualTo(200);
        assertThat(connectionsUsed()).isGreaterThan(before);
    }

    private static double connectionsUsed() {
        return api.metric("hikaricp_connections_usage_seconds_count", "pool=\"" + ServingApplication.POOL_NAME + "\"");
    }

    private static String tableFingerprint() throws SQLException {
        StringBuilder fingerprint = new StringBuilder();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            for (String table : List.of("batch_view", "speed_view", "batch_runs", "speed_commits", "serving_view")) {
                try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), md5(COALESCE(string_agg(t::text, ',' ORDER BY t::text), ''))"
                        + " FROM " + table + " t")) {
                    rs.next();
                    fingerprint.append(table).append('=').append(rs.getLong(1)).append('/').append(rs.getString(2)).append(' ');
                }
            }
        }
        return fingerprint.toString();
    }

    @Test
    void unknownPathsShouldGetAJson404() {
        ApiClient.Response response = api.get("api/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void healthAndMetricsShouldAnswer() {
        ApiClient.Response health = api.get("health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");

        api.get("api/freshness");
        ApiClient.Response metrics = api.get("metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/freshness\",status=\"200\"}")
                .contains("hikaricp_connections_max{pool=\"serving\"} 8")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void responsesShouldCarrySecurityHeadersAndTheDashboard() {
        ApiClient.Response page = api.get("");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'self'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(api.get("api/freshness").header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("dashboard.js", "vendor/uplot/uPlot.iife.min.js");
        assertThat(api.get("vendor/uplot/LICENSE").body()).contains("MIT");
    }

    @Test
    void thePoolShouldRefuseWrites() throws SQLException {
        try (HikariDataSource pool = WarehousePool.create(sandbox.warehouseSettings(), "write-probe", 1, Optional.empty());
                Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.isReadOnly()).isTrue();
            assertThatThrownBy(() -> statement.execute("DELETE FROM batch_view"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("read-only transaction");
            connection.rollback();
        }
    }

    @Test
    void theServerShouldListenOnLoopbackByDefault() {
        assertThat(server.application().baseUri().getHost()).isEqualTo("127.0.0.1");
    }
}
