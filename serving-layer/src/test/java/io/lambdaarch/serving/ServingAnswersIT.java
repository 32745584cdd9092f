package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.config.ServingConfig;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every API answer, for random ranges (aligned, ragged, inside one hour, spanning months, across the cutoff, open
 * ends), equals serving_view read over JDBC and summed here, to the unit; its batch part equals batch_view summed the
 * same way and its speed part the speed_view rows at or after the cutoff. Asked twice, the second answer comes from
 * the response cache and is the same; after a new speed commit, the next answer is the new serving_view's at once.
 * Every answer is asked of two servers: one answering from its in-memory index of batch_view (once it is loaded), one
 * with the index off, answering from SQL; and after a recompute commits, the next answer is the new one, from SQL until
 * the index holds the new recompute, then from the index.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServingAnswersIT {
    private static final long SEED = 20261207L;
    private static final Instant START = Instant.parse("2026-08-01T00:00:00Z");
    private static final int DAYS = 96;
    private static final Instant CUTOFF = START.plus(Duration.ofDays(93)).plus(Duration.ofHours(7));
    private static final Instant NOW = CUTOFF.plus(Duration.ofHours(21));
    private static final List<String> LOCATIONS = List.of("Berlin, Germany", "Lagos", "Côte d'Ivoire", "São Paulo",
            "東京", "Zürich", "unknown", "New York, NY", "Lima", "Oslo", "a \"quoted\" place", "Perth");
    private static final String[] MEASURES = {"tweet_count", "followers_sum", "favorites_sum", "retweets_sum"};
    private static final int RANGES = 40;

    private static StackSandbox sandbox;
    private static TestServer server;
    private static TestServer sqlServer;
    private static final Random random = new Random(SEED);

    /** serving_view, batch_view and the kept speed_view rows, by (event_hour, location), as read over JDBC. */
    private record Truth(Map<Key, long[]> serving, Map<Key, long[]> batch, Map<Key, long[]> speed) {
    }

    private record Key(Instant hour, String location) {
    }

    /** The sums of one group of the truth: the total and the parts. */
    private record Group(long[] total, long[] batch, long[] speed) {
        static Group empty() {
            return new Group(new long[4], new long[4], new long[4]);
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
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_answers");
        try (Connection connection = sandbox.connect()) {
            connection.setAutoCommit(false);
            ServingWorkload.clear(connection);
            insertBatchView(connection);
            // Buckets from before the cutoff (already in batch_view, must not count) to long after it.
            insertSpeedRows(connection, CUTOFF.minus(Duration.ofHours(5)), CUTOFF.plus(Duration.ofHours(20)), 400);
            ServingWorkload.insertRun(connection, "run-1", CUTOFF.minus(Duration.ofDays(1)),
                    CUTOFF.minus(Duration.ofDays(1)).plusSeconds(90), "succeeded");
            ServingWorkload.insertRun(connection, "run-2", CUTOFF, CUTOFF.plusSeconds(90), "succeeded");
            // A later failed run: its cutoff must not move the boundary.
            ServingWorkload.insertRun(connection, "run-3", CUTOFF.plus(Duration.ofHours(2)),
                    CUTOFF.plus(Duration.ofHours(2)).plusSeconds(90), "failed");
            ServingWorkload.insertCommit(connection, 7, NOW.minusSeconds(60), CUTOFF.minus(Duration.ofHours(12)),
                    CUTOFF.plus(Duration.ofHours(20)));
            connection.commit();
        }
        server = TestServer.start(sandbox, NOW, Map.of());
        sqlServer = TestServer.start(sandbox, NOW, Map.of(ServingConfig.INDEX_ROWS.name(), "0"));
        server.awaitIndexOf("run-2");
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
        TestServer.closeIfStarted(sqlServer);
    }

    private static double answered(TestServer server, String source) {
        return server.api().metric("lambda_serving_index_answers_total", "source=\"" + source + "\",view=\"view\"");
    }

    @Test
    @Order(1)
    void everyAnswerShouldEqualServingViewSummedDirectly() throws SQLException {
        Truth truth = readTruth();
        assertThat(truth.speed()).as("speed rows after the cutoff").isNotEmpty();
        // The parts add up to serving_view in every group: the test's own reading of the merge rule is serving_view's.
        truth.serving().forEach((key, total) -> {
            Group group = Group.empty();
            group.add(truth, key);
            for (int i = 0; i < 4; i++) {
                assertThat(group.batch()[i] + group.speed()[i]).as("%s %s", key, MEASURES[i]).isEqualTo(total[i]);
            }
        });

        double fromIndex = answered(server, "index");
        for (Map<String, String> range : ranges()) {
            assertAnswers(server.api(), truth, range);
            assertAnswers(sqlServer.api(), truth, range);
        }
        assertThat(answered(server, "index")).as("answers from the index").isGreaterThan(fromIndex + RANGES);
        assertThat(answered(server, "sql")).as("answers from SQL with the index loaded").isZero();
        assertThat(answered(sqlServer, "index")).as("answers from an index that is off").isZero();
    }

    @Test
    @Order(2)
    void aRepeatedQuestionShouldComeFromTheCacheAndANewCommitShouldShowAtOnce() throws SQLException {
        ApiClient api = server.api();
        Map<String, String> range = query("from", CUTOFF.minus(Duration.ofDays(3)).toString(),
                "to", CUTOFF.plus(Duration.ofDays(1)).toString());
        double hits = api.metric("cache_gets_total", "result=\"hit\"");
        JsonNode first = api.get("api/totals", range).json();
        JsonNode second = api.get("api/totals", range).json();
        assertThat(second.get("totals")).isEqualTo(first.get("totals"));
        assertThat(api.metric("cache_gets_total", "result=\"hit\"")).isGreaterThan(hits);
        // A hit answers what the miss did, for every endpoint.
        JsonNode top = api.get("api/top-locations", range).json();
        assertThat(api.get("api/top-locations", range).json().get("locations")).isEqualTo(top.get("locations"));
        Map<String, String> series = new HashMap<>(range);
        series.put("location", LOCATIONS.get(2));
        JsonNode points = api.get("api/timeseries", series).json();
        assertThat(api.get("api/timeseries", series).json().get("points")).isEqualTo(points.get("points"))
                .isNotEmpty();
        assertThat(api.metric("cache_gets_total", "result=\"hit\"")).isGreaterThanOrEqualTo(hits + 3);

        // A speed micro-batch commits: new rows and its speed_commits row in one transaction.
        try (Connection connection = sandbox.connect()) {
            connection.setAutoCommit(false);
            insertSpeedRows(connection, CUTOFF.plus(Duration.ofHours(20)), CUTOFF.plus(Duration.ofHours(21)), 50);
            ServingWorkload.insertCommit(connection, 8, NOW.minusSeconds(30), CUTOFF.minus(Duration.ofHours(12)),
                    CUTOFF.plus(Duration.ofHours(21)));
            connection.commit();
        }
        Truth truth = readTruth();
        JsonNode after = api.get("api/totals", range).json();
        assertThat(after.get("totals").get("tweet_count").asLong())
                .as("the new commit's rows").isGreaterThan(first.get("totals").get("tweet_count").asLong());
        assertAnswers(api, truth, range);
        assertAnswers(sqlServer.api(), truth, range);
    }

    @Test
    @Order(3)
    void aRecomputeCommittedBetweenTwoRequestsShouldShowInTheNextAnswer() throws SQLException {
        Map<String, String> range = query("from", START.plus(Duration.ofDays(10)).toString(),
                "to", START.plus(Duration.ofDays(40)).plusSeconds(1800).toString());
        JsonNode before = server.api().get("api/totals", range).json();

        // A recompute commits: batch_view changes (more events in old hours, a new location) with its batch_runs row,
        // in one transaction. Its cutoff is the previous one, so the speed rows kept stay the same.
        try (Connection connection = sandbox.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE batch_view SET tweet_count = tweet_count + 7,"
                    + " retweets_sum = retweets_sum + 3 WHERE location = ? AND event_hour < ?")) {
                update.setString(1, "Lima");
                update.setObject(2, utc(START.plus(Duration.ofDays(30))));
                assertThat(update.executeUpdate()).isPositive();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_view (event_hour, location,"
                    + " tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, 'Quito', ?, ?, ?, ?)")) {
                for (int hour = 0; hour < 24 * 30; hour += 5) {
                    insert.setObject(1, utc(START.plus(Duration.ofDays(12)).plus(Duration.ofHours(hour))));
                    setMeasures(insert, 2);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            ServingWorkload.deriveDayGrain(connection);
            ServingWorkload.insertRun(connection, "run-4", CUTOFF, CUTOFF.plus(Duration.ofHours(3)), "succeeded");
            connection.commit();
        }
        Truth truth = readTruth();
        double fromSql = answered(server, "sql");
        JsonNode after = server.api().get("api/totals", range).json();
        assertThat(after.get("totals").get("locations").asLong()).as("Quito counts")
                .isEqualTo(before.get("totals").get("locations").asLong() + 1);
        assertAnswers(server.api(), truth, range);
        assertThat(answered(server, "sql")).as("answered from SQL while the index holds the previous recompute")
                .isGreaterThan(fromSql);

        server.awaitIndexOf("run-4");
        double fromIndex = answered(server, "index");
        for (Map<String, String> other : ranges().subList(0, 12)) {
            assertAnswers(server.api(), truth, other);
            assertAnswers(sqlServer.api(), truth, other);
        }
        assertThat(answered(server, "index")).as("answers from the new recompute's index").isGreaterThan(fromIndex);
    }

    private static void assertAnswers(ApiClient api, Truth truth, Map<String, String> range) {
        Instant from = range.containsKey("from") ? Instant.parse(range.get("from")) : Instant.MIN;
        Instant to = range.containsKey("to") ? Instant.parse(range.get("to")) : Instant.MAX;
        Predicate<Key> inRange = key -> !key.hour().isBefore(from) && key.hour().isBefore(to);
        String what = "range " + range + " (seed " + SEED + ")";

        // totals
        Group all = Group.empty();
        long locations = truth.serving().keySet().stream().filter(inRange).map(Key::location).distinct().count();
        union(truth).stream().filter(inRange).forEach(key -> all.add(truth, key));
        JsonNode totals = api.get("api/totals", range).json();
        assertThat(totals.get("cutoff").asText()).as(what).isEqualTo(CUTOFF.toString());
        assertGroup(totals.get("totals"), all, what + " totals");
        assertThat(totals.get("totals").get("locations").asLong()).as(what).isEqualTo(locations);

        // top locations: every location, then the top three
        Map<String, Group> byLocation = new HashMap<>();
        union(truth).stream().filter(inRange)
                .forEach(key -> byLocation.computeIfAbsent(key.location(), l -> Group.empty()).add(truth, key));
        byLocation.values().removeIf(group -> group.total()[0] == 0);
        for (int limit : List.of(LOCATIONS.size(), 3)) {
            Map<String, String> parameters = new HashMap<>(range);
            parameters.put("limit", Integer.toString(limit));
            JsonNode top = api.get("api/top-locations", parameters).json();
            List<Long> expectedCounts = byLocation.values().stream().map(group -> group.total()[0])
                    .sorted(Comparator.reverseOrder()).limit(limit).toList();
            List<Long> counts = new ArrayList<>();
            top.get("locations").forEach(row -> {
                counts.add(row.get("tweet_count").asLong());
                Group expected = byLocation.get(row.get("location").asText());
                assertThat(expected).as("%s: %s is in the truth", what, row.get("location")).isNotNull();
                assertGroup(row, expected, what + " top " + row.get("location"));
            });
            assertThat(counts).as(what + " top counts, most first").isEqualTo(expectedCounts);
        }

        // time series of two locations, by hour and by day (both ends are required)
        if (range.containsKey("from") && range.containsKey("to")) {
            for (String location : List.of(LOCATIONS.get(random.nextInt(LOCATIONS.size())), LOCATIONS.get(2))) {
                for (String granularity : List.of("hour", "day")) {
                    if (granularity.equals("hour") && Duration.between(from, to).toHours() > 10_000) {
                        continue;
                    }
                    assertSeries(api, truth, range, location, granularity, inRange, what);
                }
            }
        }
    }

    private static void assertSeries(ApiClient api, Truth truth, Map<String, String> range, String location, String granularity,
            Predicate<Key> inRange, String what) {
        Map<Instant, Group> steps = new TreeMap<>();
        union(truth).stream().filter(inRange).filter(key -> key.location().equals(location)).forEach(key -> {
            Instant step = granularity.equals("day") ? key.hour().truncatedTo(ChronoUnit.DAYS) : key.hour();
            steps.computeIfAbsent(step, s -> Group.empty()).add(truth, key);
        });
        steps.values().removeIf(group -> group.total()[0] == 0);
        Map<String, String> parameters = new HashMap<>(range);
        parameters.put("location", location);
        parameters.put("granularity", granularity);
        JsonNode series = api.get("api/timeseries", parameters).json();
        assertThat(series.get("cutoff").asText()).isEqualTo(CUTOFF.toString());
        List<String> times = new ArrayList<>();
        series.get("points").forEach(point -> times.add(point.get("time").asText()));
        assertThat(times).as("%s %s %s steps", what, location, granularity)
                .isEqualTo(steps.keySet().stream().map(Instant::toString).toList());
        int index = 0;
        for (Group expected : steps.values()) {
            assertGroup(series.get("points").get(index), expected, what + " " + location + " " + times.get(index));
            index++;
        }
    }

    private static void assertGroup(JsonNode row, Group expected, String what) {
        for (int i = 0; i < MEASURES.length; i++) {
            assertThat(row.get(MEASURES[i]).bigIntegerValue()).as("%s %s", what, MEASURES[i])
                    .isEqualTo(BigInteger.valueOf(expected.total()[i]));
            assertThat(row.get("batch").get(MEASURES[i]).bigIntegerValue()).as("%s batch %s", what, MEASURES[i])
                    .isEqualTo(BigInteger.valueOf(expected.batch()[i]));
            assertThat(row.get("speed").get(MEASURES[i]).bigIntegerValue()).as("%s speed %s", what, MEASURES[i])
                    .isEqualTo(BigInteger.valueOf(expected.speed()[i]));
        }
    }

    private static List<Key> union(Truth truth) {
        List<Key> keys = new ArrayList<>(truth.serving().keySet());
        truth.batch().keySet().stream().filter(key -> !truth.serving().containsKey(key)).forEach(keys::add);
        truth.speed().keySet().stream().filter(key -> !truth.serving().containsKey(key)).forEach(keys::add);
        return keys;
    }

    /** Random ranges of every kind the issue names, plus open ends. */
    private static List<Map<String, String>> ranges() {
        return new RandomRanges(START, DAYS, CUTOFF, 60).draw(random, RANGES);
    }

    private static Truth readTruth() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            return new Truth(
                    read(connection, "SELECT event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum"
                            + " FROM serving_view", null),
                    read(connection, "SELECT event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum"
                            + " FROM batch_view", null),
                    read(connection, "SELECT event_hour, location, SUM(tweet_count), SUM(followers_sum),"
                            + " SUM(favorites_sum), SUM(retweets_sum) FROM speed_view WHERE ingest_bucket >= ?"
                            + " GROUP BY event_hour, location", CUTOFF));
        }
    }

    private static Map<Key, long[]> read(Connection connection, String sql, Instant parameter) throws SQLException {
        Map<Key, long[]> rows = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            if (parameter != null) {
                query.setObject(1, utc(parameter));
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(new Key(rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rs.getString(2)),
                            new long[] {rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)});
                }
            }
        }
        return rows;
    }

    // About a third of all (hour, location) groups of the 96 days, some with sums far above 2^32.
    private static void insertBatchView(Connection connection) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_view"
                + " (event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int hour = 0; hour < DAYS * 24; hour++) {
                for (String location : LOCATIONS) {
                    if (random.nextInt(3) != 0) {
                        continue;
                    }
                    insert.setObject(1, utc(START.plus(Duration.ofHours(hour))));
                    insert.setString(2, location);
                    setMeasures(insert, 3);
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        ServingWorkload.deriveDayGrain(connection);
    }

    // Rows in random ingest buckets of [firstBucket, lastBucket), with event hours from three days before to the bucket.
    private static void insertSpeedRows(Connection connection, Instant firstBucket, Instant lastBucket, int rows)
            throws SQLException {
        long buckets = Duration.between(firstBucket, lastBucket).toHours();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO speed_view (ingest_bucket, event_hour,"
                + " location, tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (ingest_bucket, event_hour, location) DO NOTHING")) {
            for (int i = 0; i < rows; i++) {
                Instant bucket = firstBucket.plus(Duration.ofHours(random.nextInt((int) buckets)));
                insert.setObject(1, utc(bucket));
                insert.setObject(2, utc(bucket.minus(Duration.ofHours(random.nextInt(72)))));
                insert.setString(3, LOCATIONS.get(random.nextInt(LOCATIONS.size())));
                setMeasures(insert, 4);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void setMeasures(PreparedStatement insert, int first) throws SQLException {
        long tweets = 1 + random.nextInt(500);
        insert.setLong(first, tweets);
        insert.setLong(first + 1, random.nextInt(20) == 0 ? 1L << 40 : tweets * random.nextInt(10_000));
        insert.setLong(first + 2, tweets * random.nextInt(50));
        insert.setLong(first + 3, tweets * random.nextInt(5));
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
