package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.Measures;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.Totals;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The day grain under the serving layer's answers: over 100 days of history (three months), with late events created
 * up to three weeks before they arrive on both sides of the cutoff, every query answer for random ranges (aligned to
 * days, ragged, inside one hour, spanning months, across the cutoff, open) equals serving_view summed directly over
 * JDBC, to the unit, whichever grains the query reads; a sample goes through the HTTP API too.
 */
@ExtendWith(LocalStackExtension.class)
class ServingRangesIT {
    private static final Instant BASE = Instant.parse("2026-08-25T00:00:00Z");
    /** Not on a day: the day of the cutoff is read from the hour grain. */
    private static final Instant CUTOFF = BASE.plus(Duration.ofDays(98)).plus(Duration.ofHours(7));
    private static final Instant END = BASE.plus(Duration.ofDays(100));
    private static final List<String> LOCATIONS = List.of("Berlin, Germany", "Lagos", "東京", "x' OR '1'='1", "unknown",
            "São Paulo, Brasil", "Mumbai \uD83C\uDDEE\uD83C\uDDF3", "Oslo");
    private static final List<String> MEASURES = TweetView.DEFINITION.measureColumns();

    private static StackSandbox sandbox;
    private static ServingQueries queries;
    private static TestServer server;
    private static TestServer sqlServer;

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_ranges");
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.clear(connection);
            load(connection, new Random(20261207L));
        }
        server = TestServer.start(sandbox, END, Map.of());
        sqlServer = TestServer.start(sandbox, END, Map.of(ServingConfig.INDEX_ROWS.name(), "0"));
        server.awaitIndexOf("recompute-2");
        queries = new ServingQueries(ServingViewSql.of(sandbox.warehouseSettings().warehouse(), "public"),
                Duration.ofSeconds(60));
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
        TestServer.closeIfStarted(sqlServer);
    }

    /** The layers' tables as they would hold 30,000 events: batch_view (and its day grain) and speed_view by bucket. */
    private static void load(Connection connection, Random random) throws SQLException {
        Map<List<Object>, long[]> batch = new HashMap<>();
        Map<List<Object>, long[]> speed = new HashMap<>();
        // The speed layer still holds ten buckets before the cutoff, which the merge must leave to batch_view.
        Instant retainedFrom = CUTOFF.minus(Duration.ofHours(10));
        for (int i = 0; i < 30_000; i++) {
            Instant ingest = BASE.plusSeconds((long) (random.nextDouble() * Duration.between(BASE, END).toSeconds()));
            // After the cutoff half the events are there, so the speed side has plenty of days-old late events too.
            if (random.nextInt(4) == 0) {
                ingest = CUTOFF.plusSeconds(random.nextInt((int) Duration.between(CUTOFF, END).toSeconds()));
            }
            int kind = random.nextInt(10);
            Instant created = switch (kind) {
                case 0, 1 -> ingest.minusSeconds(random.nextInt(21 * 24 * 3600)); // days late
                case 2 -> ingest.plusSeconds(random.nextInt(3600)); // a skewed client clock
                default -> ingest.minusSeconds(random.nextInt(3 * 3600));
            };
            Instant hour = created.truncatedTo(ChronoUnit.HOURS);
            String location = LOCATIONS.get(Math.min(LOCATIONS.size() - 1, (int) Math.abs(random.nextGaussian() * 3)));
            long[] event = {1, random.nextInt(50_000), random.nextInt(40), random.nextInt(12)};
            if (ingest.isBefore(CUTOFF)) {
                batch.merge(List.of(hour, location), event, ServingRangesIT::plus);
            }
            if (!ingest.isBefore(retainedFrom)) {
                speed.merge(List.of(ingest.truncatedTo(ChronoUnit.HOURS), hour, location), event, ServingRangesIT::plus);
            }
        }
        connection.setAutoCommit(false);
        insert(connection, "INSERT INTO batch_view (event_hour, location, tweet_count, followers_sum, favorites_sum,"
                + " retweets_sum) VALUES (?, ?, ?, ?, ?, ?)", batch);
        insert(connection, "INSERT INTO speed_view (ingest_bucket, event_hour, location, tweet_count, followers_sum,"
                + " favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?, ?)", speed);
        ServingWorkload.deriveDayGrain(connection);
        ServingWorkload.insertRun(connection, "recompute-1", CUTOFF.minus(Duration.ofDays(1)),
                CUTOFF.minus(Duration.ofHours(20)), "succeeded");
        ServingWorkload.insertRun(connection, "recompute-2", CUTOFF, CUTOFF.plusSeconds(90), "succeeded");
        ServingWorkload.insertCommit(connection, 3, END.minusSeconds(30), retainedFrom, END.minusSeconds(40));
        connection.commit();
        connection.setAutoCommit(true);
    }

    private static long[] plus(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    private static void insert(Connection connection, String sql, Map<List<Object>, long[]> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (Map.Entry<List<Object>, long[]> row : rows.entrySet()) {
                int index = 1;
                for (Object key : row.getKey()) {
                    insert.setObject(index++, key instanceof Instant instant ? utc(instant) : key);
                }
                for (long measure : row.getValue()) {
                    insert.setLong(index++, measure);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Random ranges of every shape the split between the grains must get right. */
    private static List<TimeRange> ranges(Random random, int count) {
        List<TimeRange> ranges = new ArrayList<>();
        ranges.add(TimeRange.all());
        ranges.add(new TimeRange(Optional.of(BASE.plus(Duration.ofDays(40)).plusSeconds(1800)), Optional.empty()));
        ranges.add(new TimeRange(Optional.empty(), Optional.of(BASE.plus(Duration.ofDays(61)).plusSeconds(5 * 3600))));
        ranges.add(new TimeRange(Optional.empty(), Optional.of(CUTOFF)));
        Instant first = BASE.minus(Duration.ofDays(22));
        int days = (int) Duration.between(first, END).toDays() + 2;
        for (int i = 0; i < count; i++) {
            Instant day = first.plus(Duration.ofDays(random.nextInt(days)));
            Instant from;
            Instant to;
            switch (i % 6) {
                case 0 -> { // aligned whole days, from one day to two months
                    from = day;
                    to = day.plus(Duration.ofDays(1 + random.nextInt(60)));
                }
                case 1 -> { // ragged whole hours
                    from = day.plus(Duration.ofHours(random.nextInt(24)));
                    to = from.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
                }
                case 2 -> { // ends inside hours, to the second
                    from = day.plusSeconds(random.nextInt(24 * 3600));
                    to = from.plusSeconds(1 + random.nextInt(30 * 24 * 3600));
                }
                case 3 -> { // inside one hour, or one hour exactly
                    from = day.plus(Duration.ofHours(random.nextInt(24)))
                            .plusSeconds(random.nextBoolean() ? 0 : random.nextInt(3000));
                    to = from.plusSeconds(1 + random.nextInt(3599));
                }
                case 4 -> { // across the cutoff, from days or weeks before it
                    from = CUTOFF.minus(Duration.ofHours(1 + random.nextInt(24 * 30)));
                    to = CUTOFF.plus(Duration.ofHours(1 + random.nextInt(24 * 3)));
                }
                default -> { // spanning months
                    from = day.minusSeconds(random.nextInt(24 * 3600));
                    to = from.plus(Duration.ofDays(35 + random.nextInt(70))).plusSeconds(random.nextInt(24 * 3600));
                }
            }
            ranges.add(TimeRange.of(from, to));
        }
        return ranges;
    }

    @Test
    void everyQueryAnswerShouldEqualServingViewSummedDirectly() throws SQLException {
        List<TimeRange> ranges = ranges(new Random(11), 150);
        int withDays = 0;
        try (Connection connection = sandbox.connect()) {
            for (TimeRange range : ranges) {
                Map<String, Map<String, BigInteger>> truth = byLocation(connection, range);
                if (readsWholeDays(range)) {
                    withDays++;
                }

                Map<String, Map<String, BigInteger>> top = new LinkedHashMap<>();
                for (GroupTotals row : queries.topLocations(connection, range, 1000)) {
                    top.put(row.group().get("location"), row.measures().values());
                }
                assertThat(top).as("top-locations of %s", range).isEqualTo(truth);

                Totals totals = queries.totals(connection, range);
                assertThat(totals.measures().values()).as("totals of %s", range).isEqualTo(sum(truth.values()));
                assertThat(totals.distinct().get("location")).as("locations of %s", range).isEqualTo(truth.size());

                if (range.from().isPresent() && range.to().isPresent()) {
                    String location = LOCATIONS.get(ranges.indexOf(range) % LOCATIONS.size());
                    for (Granularity granularity : Granularity.values()) {
                        if (Duration.between(range.from().get(), range.to().get()).toDays() > 300
                                && granularity == Granularity.HOUR) {
                            continue;
                        }
                        Map<Instant, Map<String, BigInteger>> series = new TreeMap<>();
                        for (TimePoint point : queries.timeseries(connection, Map.of("location", location), range, granularity)) {
                            series.put(point.time(), point.measures().values());
                        }
                        assertThat(series).as("%s series of %s in %s", granularity, location, range)
                                .isEqualTo(series(connection, location, range, granularity));
                    }
                }
            }
        }
        // The check means something only when many ranges read the day grain.
        assertThat(withDays).isGreaterThan(ranges.size() / 2);
    }

    @Test
    void apiAnswersShouldEqualServingViewSummedDirectly() throws SQLException {
        // The server with the index answers every question the cache lacks from it; the other from SQL.
        List<TimeRange> ranges = ranges(new Random(12), 60);
        try (Connection connection = sandbox.connect()) {
            for (TimeRange range : ranges) {
                for (TestServer answering : List.of(server, sqlServer)) {
                    assertApiAnswers(connection, answering.api(), range, LOCATIONS.get(ranges.indexOf(range) % LOCATIONS.size()));
                }
            }
        }
        assertThat(server.api().metric("lambda_serving_index_answers_total", "source=\"index\",view=\"view\""))
                .as("answers from the index").isGreaterThanOrEqualTo(ranges.size() * 2.0);
        assertThat(server.api().metric("lambda_serving_index_answers_total", "source=\"sql\",view=\"view\"")).isZero();
        assertThat(sqlServer.api().metric("lambda_serving_index_answers_total", "source=\"index\",view=\"view\"")).isZero();
    }

    private static void assertApiAnswers(Connection connection, ApiClient api, TimeRange range, String location)
            throws SQLException {
        Map<String, String> parameters = new HashMap<>();
        range.from().ifPresent(from -> parameters.put("from", from.toString()));
        range.to().ifPresent(to -> parameters.put("to", to.toString()));
        Map<String, Map<String, BigInteger>> truth = byLocation(connection, range);

        Map<String, String> topParameters = new HashMap<>(parameters);
        topParameters.putAll(query("limit", "1000"));
        ApiClient.Response top = api.get("api/top-locations", topParameters);
        assertThat(top.status()).as(top.body()).isEqualTo(200);
        Map<String, Map<String, BigInteger>> answered = new LinkedHashMap<>();
        for (JsonNode row : top.json().get("locations")) {
            answered.put(row.get("location").asText(), measures(row));
        }
        assertThat(answered).as("API top-locations of %s", range).isEqualTo(truth);
        assertThat(List.copyOf(answered.keySet())).as("API top-locations of %s, most first", range)
                .isEqualTo(List.copyOf(truth.keySet()));

        ApiClient.Response totals = api.get("api/totals", parameters);
        assertThat(totals.status()).as(totals.body()).isEqualTo(200);
        assertThat(measures(totals.json().get("totals"))).as("API totals of %s", range)
                .isEqualTo(sum(truth.values()));
        assertThat(totals.json().get("totals").get("locations").asLong()).isEqualTo(truth.size());

        if (range.from().isPresent() && range.to().isPresent()
                && Duration.between(range.from().get(), range.to().get()).toDays() <= 300) {
            for (Granularity granularity : Granularity.values()) {
                Map<String, String> seriesParameters = new HashMap<>(parameters);
                seriesParameters.putAll(query("location", location, "granularity", granularity.externalName()));
                ApiClient.Response series = api.get("api/timeseries", seriesParameters);
                assertThat(series.status()).as(series.body()).isEqualTo(200);
                Map<Instant, Map<String, BigInteger>> points = new LinkedHashMap<>();
                for (JsonNode point : series.json().get("points")) {
                    points.put(Instant.parse(point.get("time").asText()), measures(point));
                }
                Map<Instant, Map<String, BigInteger>> expected = series(connection, location, range, granularity);
                assertThat(points).as("API %s series of %s in %s", granularity, location, range).isEqualTo(expected);
                assertThat(List.copyOf(points.keySet())).as("in time order").isEqualTo(List.copyOf(expected.keySet()));
            }
        }
    }

    private static boolean readsWholeDays(TimeRange range) {
        Instant from = range.from().orElse(BASE.minus(Duration.ofDays(365)));
        Instant to = range.to().orElse(END.plus(Duration.ofDays(365)));
        Instant firstWhole = from.truncatedTo(ChronoUnit.DAYS).equals(from) ? from : from.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        Instant lastEnd = to.truncatedTo(ChronoUnit.DAYS);
        Instant cutoffDay = CUTOFF.truncatedTo(ChronoUnit.DAYS);
        return firstWhole.isBefore(lastEnd.isBefore(cutoffDay) ? lastEnd : cutoffDay);
    }

    private static Map<String, BigInteger> measures(JsonNode node) {
        Map<String, BigInteger> values = new LinkedHashMap<>();
        MEASURES.forEach(m -> values.put(m, node.get(m).bigIntegerValue()));
        return values;
    }

    /** serving_view summed by location over {@code range}, most events first as the API orders them, over JDBC. */
    private static Map<String, Map<String, BigInteger>> byLocation(Connection connection, TimeRange range)
            throws SQLException {
        Map<String, Map<String, BigInteger>> rows = new LinkedHashMap<>();
        String sums = MEASURES.stream().map(m -> "SUM(" + m + ") AS " + m).collect(Collectors.joining(", "));
        select(connection, "SELECT location, " + sums + " FROM serving_view WHERE " + within(range)
                + " GROUP BY location ORDER BY tweet_count DESC, location", range, rs -> rows.put(rs.getString(1), read(rs)));
        return rows;
    }

    /** One location's series from serving_view, by hour or by UTC day, over JDBC. */
    private static Map<Instant, Map<String, BigInteger>> series(Connection connection, String location, TimeRange range,
            Granularity granularity) throws SQLException {
        Map<Instant, Map<String, BigInteger>> points = new TreeMap<>();
        String sums = MEASURES.stream().map(m -> "SUM(" + m + ") AS " + m).collect(Collectors.joining(", "));
        String step = granularity == Granularity.DAY ? "DATE_TRUNC('day', event_hour)" : "event_hour";
        List<Object> parameters = new ArrayList<>(List.of(location));
        select(connection, "SELECT " + step + ", " + sums + " FROM serving_view WHERE location = ? AND " + within(range)
                + " GROUP BY 1", parameters, range, rs -> points.put(
                        rs.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), read(rs)));
        return points;
    }

    private static String within(TimeRange range) {
        List<String> conditions = new ArrayList<>(List.of("TRUE"));
        range.from().ifPresent(f -> conditions.add("event_hour >= ?"));
        range.to().ifPresent(t -> conditions.add("event_hour < ?"));
        return String.join(" AND ", conditions);
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private static void select(Connection connection, String sql, TimeRange range, RowReader reader) throws SQLException {
        select(connection, sql, new ArrayList<>(), range, reader);
    }

    private static void select(Connection connection, String sql, List<Object> parameters, TimeRange range, RowReader reader)
            throws SQLException {
        List<Object> all = new ArrayList<>(parameters);
        range.from().ifPresent(f -> all.add(utc(f)));
        range.to().ifPresent(t -> all.add(utc(t)));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < all.size(); i++) {
                statement.setObject(i + 1, all.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        }
    }

    private static Map<String, BigInteger> read(ResultSet rs) throws SQLException {
        Map<String, BigInteger> values = new LinkedHashMap<>();
        for (String measure : MEASURES) {
            values.put(measure, rs.getBigDecimal(measure).toBigIntegerExact());
        }
        return values;
    }

    private static Map<String, BigInteger> sum(Iterable<Map<String, BigInteger>> rows) {
        Map<String, BigInteger> total = new LinkedHashMap<>();
        MEASURES.forEach(m -> total.put(m, BigInteger.ZERO));
        rows.forEach(row -> row.forEach((m, v) -> total.merge(m, v, BigInteger::add)));
        return total;
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
