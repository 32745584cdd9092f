package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.ledger.ViewDefinitionState;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewsFile;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every declared view is served, not only the default one: the shipped lang_day (a day grain, no rollup) and a view a
 * user declares in their own views file (LAMBDA_VIEWS_FILE, written to a temporary file here: an hourly view of two
 * non-time dimensions with a day rollup of its own, whose time column is not event_hour). For random ranges (aligned,
 * ragged, inside one step, spanning months, across the cutoff, open ends) every answer of /api/totals,
 * /api/top-locations and /api/timeseries equals the view's merged SQL view ({@code serving_<name>}) read over JDBC and
 * summed here, to the unit; its batch part equals the batch table summed the same way and its speed part the speed
 * rows at or after the cutoff. /api/views describes the views, and a view that is not declared is a 400 naming those
 * that are. Both views are of a shape the in-memory index holds, so these answers come from their own indexes (the
 * test waits for them and checks /metrics says so).
 */
@ExtendWith(LocalStackExtension.class)
class ServingViewsIT {
    private static final long SEED = 20261208L;
    private static final Instant START = Instant.parse("2026-08-01T00:00:00Z");
    private static final int DAYS = 70;
    private static final Instant CUTOFF = START.plus(Duration.ofDays(67)).plus(Duration.ofHours(7));
    private static final Instant NOW = CUTOFF.plus(Duration.ofHours(21));
    private static final List<String> LANGS = List.of("en", "es", "pt", "ja", "und", "fr", "de", "x' OR '1'='1");
    private static final List<String> LOCATIONS = List.of("Berlin, Germany", "Lagos", "東京", "São Paulo", "unknown");
    private static final int RANGES = 30;
    /** A user's own view: hourly, two non-time dimensions, a day rollup, names of its own. */
    private static final String USER_VIEW = """
            {"name": "place_lang",
             "dimensions": [
               {"name": "posted_hour", "source": "created_at", "grain": "hour"},
               {"name": "location", "source": "location"},
               {"name": "lang", "source": "lang"}],
             "measures": [
               {"name": "n", "aggregation": "count"},
               {"name": "likes", "aggregation": "sum", "source": "favorite_count"}],
             "rollups": ["day"]}""";

    private static final ViewDefinitions DEFINITIONS = new ViewDefinitions();
    private static StackSandbox sandbox;
    private static TestServer server;
    private static ApiClient api;
    private static ViewCatalog views;
    private static final Random random = new Random(SEED);

    /** A row of a view: its time step and its group (the values of its non-time dimensions, in order). */
    private record Key(Instant time, List<String> group) {
    }

    /** A view's merged view, batch table and kept speed rows, by key, as read over JDBC. */
    private record Truth(Map<Key, long[]> serving, Map<Key, long[]> batch, Map<Key, long[]> speed) {
    }

    /** The sums of one group of the truth: the total and the parts. */
    private record Group(long[] total, long[] batch, long[] speed) {
        static Group empty(int measures) {
            return new Group(new long[measures], new long[measures], new long[measures]);
        }

        void add(Truth truth, Key key) {
            addTo(total, truth.serving().get(key));
            addTo(batch, truth.batch().get(key));
            addTo(speed, truth.speed().get(key));
        }

        private static void addTo(long[] sums, long[] row) {
            if (row != null) {
                for (int i = 0; i < sums.length; i++) {
                    sums[i] += row[i];
                }
            }
        }
    }

    @BeforeAll
    static void setUp(LocalStack stack, @TempDir Path directory) throws SQLException, IOException {
        String shipped;
        try (var in = ViewCatalog.class.getResourceAsStream(ViewCatalog.SHIPPED_RESOURCE)) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        // The shipped file with the user's view appended: the default view stays first.
        String file = shipped.substring(0, shipped.lastIndexOf(']')).stripTrailing() + ",\n" + USER_VIEW + "\n  ]\n}\n";
        Path viewsFile = directory.resolve("views.json");
        Files.writeString(viewsFile, file);
        views = ViewsFile.read(viewsFile);
        assertThat(views.names()).containsExactly("view", "lang_day", "place_lang");

        sandbox = stack.sandbox("serving_views");
        try (Connection connection = sandbox.connect()) {
            ViewTables.install(connection, views);
            connection.setAutoCommit(false);
            ServingWorkload.clear(connection);
            for (NamedView view : served()) {
                load(connection, view);
            }
            ServingWorkload.insertRun(connection, "run-1", CUTOFF.minus(Duration.ofDays(1)),
                    CUTOFF.minus(Duration.ofDays(1)).plusSeconds(90), "succeeded");
            ServingWorkload.insertRun(connection, "run-2", CUTOFF, CUTOFF.plusSeconds(90), "succeeded");
            // A later failed run: its cutoff must not move the boundary.
            ServingWorkload.insertRun(connection, "run-3", CUTOFF.plus(Duration.ofHours(2)),
                    CUTOFF.plus(Duration.ofHours(2)).plusSeconds(90), "failed");
            ServingWorkload.insertCommit(connection, 7, NOW.minusSeconds(60), CUTOFF.minus(Duration.ofHours(12)),
                    CUTOFF.plus(Duration.ofHours(20)));
            // As the batch layer records it: both views built, whole since before the cutoff.
            for (NamedView view : served()) {
                DEFINITIONS.write(connection, new ViewDefinitionState(view.name(), view.fingerprint(),
                        ViewDefinitionState.State.COMPLETE, CUTOFF.minus(Duration.ofDays(2))));
            }
            connection.commit();
        }
        server = TestServer.start(sandbox, NOW, Map.of(PipelineSettings.VIEWS_FILE.name(), viewsFile.toString()));
        api = server.api();
        // Every view here is of a shape the in-memory index holds (issue 16): its answers come from its own index.
        for (NamedView view : served()) {
            server.awaitIndexOf(view.name(), "run-2");
        }
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    private static List<NamedView> served() {
        return List.of(views.find("lang_day").orElseThrow(), views.find("place_lang").orElseThrow());
    }

    @Test
    void viewsShouldBeListedWithTheirDimensionsGrainsMeasuresAndMergedView() {
        JsonNode body = ok(api.get("api/views"));

        assertThat(body.get("default_view").asText()).isEqualTo("view");
        List<String> names = new ArrayList<>();
        body.get("views").forEach(view -> names.add(view.get("name").asText()));
        assertThat(names).containsExactly("view", "lang_day", "place_lang");
        JsonNode langDay = body.get("views").get(1);
        assertThat(langDay.get("serving_view").asText()).isEqualTo("serving_lang_day");
        assertThat(langDay.get("dimensions").toString())
                .isEqualTo("[{\"name\":\"event_day\",\"source\":\"created_at\",\"grain\":\"day\"},"
                        + "{\"name\":\"lang\",\"source\":\"lang\",\"grain\":\"none\"}]");
        assertThat(langDay.get("measures").toString())
                .isEqualTo("[{\"name\":\"tweet_count\",\"aggregation\":\"count\",\"source\":null},"
                        + "{\"name\":\"retweets_sum\",\"aggregation\":\"sum\",\"source\":\"retweet_count\"}]");
        assertThat(langDay.get("granularities").toString()).isEqualTo("[\"day\"]");
        assertThat(langDay.get("grouped_by").toString()).isEqualTo("[\"lang\"]");
        JsonNode user = body.get("views").get(2);
        assertThat(user.get("serving_view").asText()).isEqualTo("serving_place_lang");
        assertThat(user.get("grouped_by").toString()).isEqualTo("[\"location\",\"lang\"]");
        assertThat(user.get("granularities").toString()).isEqualTo("[\"hour\",\"day\"]");
        assertThat(user.get("rollups").toString()).isEqualTo("[\"day\"]");
    }

    @Test
    void everyAnswerOfEveryViewShouldEqualItsMergedViewSummedDirectly() throws SQLException {
        for (NamedView view : served()) {
            Truth truth = readTruth(view);
            assertThat(truth.speed()).as("%s: speed rows after the cutoff", view.name()).isNotEmpty();
            assertThat(truth.batch()).as("%s: batch rows", view.name()).isNotEmpty();
            int measures = view.definition().measures().size();
            // The parts add up to the merged view in every group: the test's reading of the merge rule is the view's.
            truth.serving().forEach((key, total) -> {
                Group group = Group.empty(measures);
                group.add(truth, key);
                for (int i = 0; i < measures; i++) {
                    assertThat(group.batch()[i] + group.speed()[i]).as("%s %s", view.name(), key).isEqualTo(total[i]);
                }
            });
            for (Map<String, String> range : ranges()) {
                assertAnswers(view, truth, range);
            }
            // The answers above came from the view's in-memory index (plus its speed rows), none from SQL.
            assertThat(api.metric("lambda_serving_index_answers_total", "source=\"index\",view=\"" + view.name() + "\""))
                    .as(view.name()).isPositive();
            assertThat(api.metric("lambda_serving_index_answers_total", "source=\"sql\",view=\"" + view.name() + "\""))
                    .as(view.name()).isZero();
        }
    }

    @Test
    void aViewTheBatchLayerIsStillBuildingShouldSayItsAnswersAreNotComplete() throws SQLException {
        NamedView user = views.find("place_lang").orElseThrow();
        assertThat(ok(api.get("api/totals", query("view", "place_lang"))).get("complete").asBoolean()).isTrue();
        try (Connection connection = sandbox.connect()) {
            DEFINITIONS.write(connection, new ViewDefinitionState(user.name(), user.fingerprint(),
                    ViewDefinitionState.State.BUILDING, CUTOFF.plus(Duration.ofHours(3))));
        }
        try {
            for (String endpoint : List.of("api/totals", "api/top-locations", "api/freshness")) {
                JsonNode body = ok(api.get(endpoint, query("view", "place_lang")));
                assertThat(body.get("complete").asBoolean()).as(endpoint).isFalse();
                assertThat(body.get("freshness").get("complete_reason").asText()).as(endpoint)
                        .startsWith("view place_lang is being built");
            }
            // The other views are whole as before.
            assertThat(ok(api.get("api/totals", query("view", "lang_day"))).get("complete").asBoolean()).isTrue();
            assertThat(ok(api.get("api/totals")).get("complete").asBoolean()).isTrue();
        } finally {
            try (Connection connection = sandbox.connect()) {
                DEFINITIONS.write(connection, new ViewDefinitionState(user.name(), user.fingerprint(),
                        ViewDefinitionState.State.COMPLETE, CUTOFF.minus(Duration.ofDays(2))));
            }
        }
    }

    @Test
    void aViewThatIsNotDeclaredOrAStepFinerThanItsGrainShouldBeRefused() {
        for (String name : List.of("nope", "view; DROP TABLE batch_view", "serving_view", "VIEW", "")) {
            ApiClient.Response response = api.get("api/totals", query("view", name));
            assertThat(response.status()).as(name).isEqualTo(400);
            JsonNode error = response.json().get("error");
            assertThat(error.get("parameter").asText()).isEqualTo("view");
            assertThat(error.get("message").asText()).as(name)
                    .contains("is not declared; the views are view, lang_day, place_lang");
        }
        ApiClient.Response twice = api.getRaw("api/totals?view=lang_day&view=view");
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("error").get("message").asText()).isEqualTo("view is given more than once");

        ApiClient.Response hourly = api.get("api/timeseries", query("view", "lang_day", "lang", "en",
                "from", START.toString(), "to", CUTOFF.toString(), "granularity", "hour"));
        assertThat(hourly.status()).isEqualTo(400);
        assertThat(hourly.json().get("error").get("message").asText())
                .isEqualTo("granularity 'hour' is not one of day (view lang_day is kept by day)");

        // The series of a view is asked by its own dimensions: lang_day has no location, place_lang needs both.
        ApiClient.Response location = api.get("api/timeseries", query("view", "lang_day", "location", "Lagos",
                "from", START.toString(), "to", CUTOFF.toString()));
        assertThat(location.status()).isEqualTo(400);
        assertThat(location.json().get("error").get("message").asText())
                .isEqualTo("unknown parameter 'location'; this endpoint takes from, granularity, lang, to, view");
        ApiClient.Response missing = api.get("api/timeseries", query("view", "place_lang", "location", "Lagos",
                "from", START.toString(), "to", CUTOFF.toString()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("error").get("message").asText()).isEqualTo("lang is required");
        ApiClient.Response control = api.get("api/timeseries", query("view", "lang_day", "lang", "en\u0000",
                "from", START.toString(), "to", CUTOFF.toString()));
        assertThat(control.status()).isEqualTo(400);
        assertThat(control.json().get("error").get("parameter").asText()).isEqualTo("lang");
    }

    private static void assertAnswers(NamedView view, Truth truth, Map<String, String> range) {
        Instant from = range.containsKey("from") ? Instant.parse(range.get("from")) : Instant.MIN;
        Instant to = range.containsKey("to") ? Instant.parse(range.get("to")) : Instant.MAX;
        Predicate<Key> inRange = key -> !key.time().isBefore(from) && key.time().isBefore(to);
        String what = view.name() + " range " + range + " (seed " + SEED + ")";
        List<String> measures = view.definition().measureColumns();
        List<String> groupColumns = groupColumns(view);
        Map<String, String> asked = new HashMap<>(range);
        asked.put("view", view.name());

        // totals, and the distinct values of each group dimension
        Group all = Group.empty(measures.size());
        union(truth).stream().filter(inRange).forEach(key -> all.add(truth, key));
        JsonNode totals = ok(api.get("api/totals", asked));
        assertThat(totals.get("view").asText()).isEqualTo(view.name());
        assertThat(totals.get("cutoff").asText()).as(what).isEqualTo(CUTOFF.toString());
        assertGroup(totals.get("totals"), all, measures, what + " totals");
        for (int i = 0; i < groupColumns.size(); i++) {
            int index = i;
            long distinct = truth.serving().keySet().stream().filter(inRange).map(key -> key.group().get(index))
                    .distinct().count();
            assertThat(totals.get("totals").get("distinct").get(groupColumns.get(i)).asLong())
                    .as("%s distinct %s", what, groupColumns.get(i)).isEqualTo(distinct);
        }

        // top groups: every group, then the top three
        Map<List<String>, Group> byGroup = new HashMap<>();
        union(truth).stream().filter(inRange)
                .forEach(key -> byGroup.computeIfAbsent(key.group(), g -> Group.empty(measures.size())).add(truth, key));
        byGroup.values().removeIf(group -> group.total()[0] == 0);
        for (int limit : List.of(1000, 3)) {
            Map<String, String> parameters = new HashMap<>(asked);
            parameters.put("limit", Integer.toString(limit));
            JsonNode top = ok(api.get("api/top-locations", parameters));
            assertThat(top.get("grouped_by").toString()).isEqualTo(groupColumns.stream()
                    .map(c -> "\"" + c + "\"").toList().toString().replace(" ", ""));
            List<Long> expectedCounts = byGroup.values().stream().map(group -> group.total()[0])
                    .sorted(Comparator.reverseOrder()).limit(limit).toList();
            List<Long> counts = new ArrayList<>();
            top.get("locations").forEach(row -> {
                counts.add(row.get(measures.get(0)).asLong());
                List<String> group = groupColumns.stream().map(c -> row.get(c).asText()).toList();
                Group expected = byGroup.get(group);
                assertThat(expected).as("%s: %s is in the truth", what, group).isNotNull();
                assertGroup(row, expected, measures, what + " top " + group);
            });
            assertThat(counts).as(what + " top counts, most first").isEqualTo(expectedCounts);
        }

        // the series of two groups, at every step the view has (both ends are required)
        if (range.containsKey("from") && range.containsKey("to")) {
            List<List<String>> groups = new ArrayList<>(byGroup.keySet());
            groups.sort(Comparator.comparing(Object::toString));
            if (groups.isEmpty()) {
                return;
            }
            List<String> granularities = view.timeDimension().orElseThrow().grain() == TimeGrain.DAY
                    ? List.of("day") : List.of("hour", "day");
            for (List<String> group : List.of(groups.get(random.nextInt(groups.size())), groups.get(0))) {
                for (String granularity : granularities) {
                    if (granularity.equals("hour") && Duration.between(from, to).toHours() > 10_000) {
                        continue;
                    }
                    assertSeries(view, truth, asked, group, granularity, inRange, what);
                }
            }
        }
    }

    private static void assertSeries(NamedView view, Truth truth, Map<String, String> asked, List<String> group,
            String granularity, Predicate<Key> inRange, String what) {
        List<String> measures = view.definition().measureColumns();
        Map<Instant, Group> steps = new TreeMap<>();
        union(truth).stream().filter(inRange).filter(key -> key.group().equals(group)).forEach(key -> {
            Instant step = granularity.equals("day") ? key.time().truncatedTo(ChronoUnit.DAYS) : key.time();
            steps.computeIfAbsent(step, s -> Group.empty(measures.size())).add(truth, key);
        });
        steps.values().removeIf(g -> g.total()[0] == 0);
        Map<String, String> parameters = new HashMap<>(asked);
        List<String> groupColumns = groupColumns(view);
        for (int i = 0; i < groupColumns.size(); i++) {
            parameters.put(groupColumns.get(i), group.get(i));
        }
        parameters.put("granularity", granularity);
        JsonNode series = ok(api.get("api/timeseries", parameters));
        assertThat(series.get("cutoff").asText()).isEqualTo(CUTOFF.toString());
        assertThat(series.get("granularity").asText()).isEqualTo(granularity);
        List<String> times = new ArrayList<>();
        series.get("points").forEach(point -> times.add(point.get("time").asText()));
        assertThat(times).as("%s %s %s steps", what, group, granularity)
                .isEqualTo(steps.keySet().stream().map(Instant::toString).toList());
        int index = 0;
        for (Group expected : steps.values()) {
            assertGroup(series.get("points").get(index), expected, measures, what + " " + group + " " + times.get(index));
            index++;
        }
    }

    private static void assertGroup(JsonNode row, Group expected, List<String> measures, String what) {
        for (int i = 0; i < measures.size(); i++) {
            String measure = measures.get(i);
            assertThat(row.get(measure).bigIntegerValue()).as("%s %s", what, measure)
                    .isEqualTo(BigInteger.valueOf(expected.total()[i]));
            assertThat(row.get("batch").get(measure).bigIntegerValue()).as("%s batch %s", what, measure)
                    .isEqualTo(BigInteger.valueOf(expected.batch()[i]));
            assertThat(row.get("speed").get(measure).bigIntegerValue()).as("%s speed %s", what, measure)
                    .isEqualTo(BigInteger.valueOf(expected.speed()[i]));
        }
    }

    private static JsonNode ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Key> union(Truth truth) {
        List<Key> keys = new ArrayList<>(truth.serving().keySet());
        truth.batch().keySet().stream().filter(key -> !truth.serving().containsKey(key)).forEach(keys::add);
        truth.speed().keySet().stream().filter(key -> !truth.serving().containsKey(key)).forEach(keys::add);
        return keys;
    }

    /** Random ranges of every kind, plus open ends; a day-grain view gets the same ranges, in whole and ragged days alike. */
    private static List<Map<String, String>> ranges() {
        return new RandomRanges(START, DAYS, CUTOFF, 50).draw(random, RANGES);
    }

    private static List<String> groupColumns(NamedView view) {
        return view.definition().dimensions().stream().filter(d -> !d.grain().isTime()).map(Dimension::column).toList();
    }

    private static Truth readTruth(NamedView view) throws SQLException {
        String time = view.timeDimension().orElseThrow().column();
        List<String> groups = groupColumns(view);
        List<String> measures = view.definition().measureColumns();
        String keyColumns = time + ", " + String.join(", ", groups);
        String sums = measures.stream().map(m -> "SUM(" + m + ")").reduce((a, b) -> a + ", " + b).orElseThrow();
        try (Connection connection = sandbox.connect()) {
            return new Truth(
                    read(connection, view, "SELECT " + keyColumns + ", " + String.join(", ", measures) + " FROM "
                            + view.servingView(), null),
                    read(connection, view, "SELECT " + keyColumns + ", " + String.join(", ", measures) + " FROM "
                            + view.batchTable(), null),
                    read(connection, view, "SELECT " + keyColumns + ", " + sums + " FROM " + view.speedTable()
                            + " WHERE ingest_bucket >= ? GROUP BY " + keyColumns, CUTOFF));
        }
    }

    private static Map<Key, long[]> read(Connection connection, NamedView view, String sql, Instant parameter)
            throws SQLException {
        int groups = groupColumns(view).size();
        int measures = view.definition().measures().size();
        Map<Key, long[]> rows = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setObject(1, utc(parameter));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    List<String> group = new ArrayList<>();
                    for (int i = 0; i < groups; i++) {
                        group.add(rs.getString(2 + i));
                    }
                    long[] sums = new long[measures];
                    for (int i = 0; i < measures; i++) {
                        sums[i] = rs.getLong(2 + groups + i);
                    }
                    Key key = new Key(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), List.copyOf(group));
                    assertThat(rows.put(key, sums)).as("%s: one row per key", view.name()).isNull();
                }
            }
        }
        return rows;
    }

    /**
     * The view's batch table (about a third of its keys over the days), its day rollup derived from it when it keeps
     * one, and speed rows in buckets from before the cutoff (already in the batch table, must not count) to long after.
     */
    private static void load(Connection connection, NamedView view) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + view.batchTable());
            statement.execute("DELETE FROM " + view.speedTable());
            if (view.rollups().contains(TimeGrain.DAY)) {
                statement.execute("DELETE FROM " + view.rollupTable(TimeGrain.DAY));
            }
        }
        Dimension time = view.timeDimension().orElseThrow();
        Duration step = time.grain() == TimeGrain.DAY ? Duration.ofDays(1) : Duration.ofHours(1);
        int steps = (int) (Duration.ofDays(DAYS).toSeconds() / step.toSeconds());
        List<String> columns = view.definition().allColumns();
        Map<Key, Boolean> written = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + view.batchTable() + " ("
                + String.join(", ", columns) + ") VALUES (" + placeholders(columns.size()) + ")")) {
            for (int i = 0; i < steps; i++) {
                for (int row = 0; row < 4; row++) {
                    Key key = new Key(START.plus(step.multipliedBy(i)), randomGroup(view));
                    if (written.putIfAbsent(key, true) != null) {
                        continue;
                    }
                    setRow(insert, 1, view, key);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        if (view.rollups().contains(TimeGrain.DAY)) {
            deriveDays(connection, view);
        }
        List<String> speedColumns = new ArrayList<>(List.of("ingest_bucket"));
        speedColumns.addAll(columns);
        Map<List<Object>, Boolean> speedKeys = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + view.speedTable() + " ("
                + String.join(", ", speedColumns) + ") VALUES (" + placeholders(speedColumns.size()) + ")")) {
            Instant firstBucket = CUTOFF.minus(Duration.ofHours(5));
            for (int i = 0; i < 300; i++) {
                Instant bucket = firstBucket.plus(Duration.ofHours(random.nextInt(25)));
                Instant event = bucket.minus(Duration.ofHours(random.nextInt(72)));
                Instant truncated = time.grain() == TimeGrain.DAY ? event.truncatedTo(ChronoUnit.DAYS)
                        : event.truncatedTo(ChronoUnit.HOURS);
                Key key = new Key(truncated, randomGroup(view));
                if (speedKeys.putIfAbsent(List.of(bucket, key), true) != null) {
                    continue;
                }
                insert.setObject(1, utc(bucket));
                setRow(insert, 2, view, key);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    // The day rollup as the batch layer keeps it: the batch table's rows summed by UTC day.
    private static void deriveDays(Connection connection, NamedView view) throws SQLException {
        String hour = view.timeDimension().orElseThrow().column();
        List<String> others = groupColumns(view);
        StringBuilder sql = new StringBuilder("INSERT INTO " + view.rollupTable(TimeGrain.DAY) + " ("
                + String.join(", ", view.rollup(TimeGrain.DAY).allColumns()) + ") SELECT DATE_TRUNC('day', " + hour + ")");
        others.forEach(c -> sql.append(", ").append(c));
        view.definition().measureColumns().forEach(m -> sql.append(", SUM(").append(m).append(")"));
        sql.append(" FROM ").append(view.batchTable()).append(" GROUP BY 1");
        for (int i = 0; i < others.size(); i++) {
            sql.append(", ").append(i + 2);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.toString());
        }
    }

    private static List<String> randomGroup(NamedView view) {
        return groupColumns(view).stream()
                .map(c -> c.equals("lang") ? LANGS.get(random.nextInt(LANGS.size()))
                        : LOCATIONS.get(random.nextInt(LOCATIONS.size())))
                .toList();
    }

    // The key's time and group, then random measures: the first (the count) 1 to 500, the others up to 2^40.
    private static void setRow(PreparedStatement insert, int first, NamedView view, Key key) throws SQLException {
        insert.setObject(first, utc(key.time()));
        for (int i = 0; i < key.group().size(); i++) {
            insert.setString(first + 1 + i, key.group().get(i));
        }
        int measure = first + 1 + key.group().size();
        long count = 1 + random.nextInt(500);
        insert.setLong(measure, count);
        for (int i = 1; i < view.definition().measures().size(); i++) {
            insert.setLong(measure + i, random.nextInt(20) == 0 ? 1L << 40 : count * random.nextInt(50));
        }
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
