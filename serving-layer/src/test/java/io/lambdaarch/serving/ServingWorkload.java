package io.lambdaarch.serving;

import io.lambdaarch.common.ledger.ViewDefinitionState;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.PostgresWarehouse;
import io.lambdaarch.common.warehouse.TouchedDays;
import io.lambdaarch.common.warehouse.ViewRollups;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A known workload for the serving layer's acceptance tests, and the truth about it computed here, from the events,
 * independently of any SQL under test.
 *
 * <p>Events arrive (ingest time) over 30 hours from {@link #BASE}; many are late (created up to 40 hours before they
 * arrive) and some are early (a skewed client clock). The test plays both layers: {@code batch_view} gets the events
 * ingested before the cutoff (BASE + 20 h), {@code speed_view} gets every event ingested from BASE + 15 h on, per
 * ingest bucket of one hour. So the speed layer also holds five buckets from before the cutoff, which serving_view
 * must ignore, or those events would count twice. {@code batch_runs} has an older succeeded run (an earlier cutoff)
 * and a newer failed one (a later cutoff), which must both be ignored.
 */
public final class ServingWorkload {
    public static final Instant BASE = Instant.parse("2026-11-20T00:00:00Z");
    public static final Duration BUCKET = Duration.ofHours(1);
    public static final Instant CUTOFF = BASE.plus(Duration.ofHours(20));
    public static final Instant RETAINED_FROM = BASE.plus(Duration.ofHours(15));
    public static final String LATEST_RUN = "recompute-2";
    public static final Instant LATEST_RUN_FINISHED = CUTOFF.plus(Duration.ofMinutes(3));
    public static final Instant SPEED_COMMITTED_AT = BASE.plus(Duration.ofHours(30)).plusSeconds(20);
    public static final long SPEED_BATCH_ID = 418;
    /** When the tests' clock stands: the lag in seconds is measured to this instant. */
    public static final Instant NOW = SPEED_COMMITTED_AT.plusSeconds(40);

    /** Normalized locations, as the layers store them; user content, so some are hostile or unusual. */
    public static final List<String> LOCATIONS = List.of(
            "Berlin, Germany", "São Paulo, Brasil", "Côte d'Ivoire", "東京", "x' OR '1'='1", "unknown",
            "New York, NY", "Lagos", "Zürich <script>alert(1)</script>", "Mumbai \uD83C\uDDEE\uD83C\uDDF3");

    /** The events' languages (lang_day's groups); {@code und} as the layers store an event without one. */
    public static final List<String> LANGS = List.of("en", "es", "pt", "ja", "und", "fr");

    public record Event(Instant createdAt, String location, long followers, long favorites, long retweets, Instant ingestTime,
            String lang) {
        Instant eventDay() {
            return createdAt.truncatedTo(ChronoUnit.DAYS);
        }

        Instant eventHour() {
            return createdAt.truncatedTo(ChronoUnit.HOURS);
        }

        Instant ingestBucket() {
            return ingestTime.truncatedTo(ChronoUnit.HOURS);
        }
    }

    /** The four measures of a group. */
    public record Sums(long tweetCount, long followersSum, long favoritesSum, long retweetsSum) {
        public static final Sums ZERO = new Sums(0, 0, 0, 0);

        Sums plus(Sums other) {
            return new Sums(tweetCount + other.tweetCount, followersSum + other.followersSum,
                    favoritesSum + other.favoritesSum, retweetsSum + other.retweetsSum);
        }

        static Sums of(Event event) {
            return new Sums(1, event.followers(), event.favorites(), event.retweets());
        }
    }

    public record HourLocation(Instant eventHour, String location) {
    }

    private record BucketHourLocation(Instant ingestBucket, Instant eventHour, String location) {
    }

    private final List<Event> events;

    private ServingWorkload(List<Event> events) {
        this.events = List.copyOf(events);
    }

    public static ServingWorkload generate(long seed, int count) {
        Random random = new Random(seed);
        // Languages from a generator of their own, so every other field is what it was before events had one.
        Random langs = new Random(~seed);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant ingest = BASE.plusMillis((long) (random.nextDouble() * Duration.ofHours(30).toMillis()));
            Instant created;
            if (random.nextInt(20) == 0) {
                created = ingest.plusSeconds(random.nextInt(5400));
            } else {
                created = ingest.minusSeconds(random.nextInt(40 * 3600));
            }
            // Weights 1, 4, 9, ...: the locations' totals differ clearly, as real ones do.
            int pick = random.nextInt(385);
            int index = 0;
            for (int weight = 1; pick >= weight; weight = (index + 1) * (index + 1)) {
                pick -= weight;
                index++;
            }
            events.add(new Event(created.truncatedTo(ChronoUnit.SECONDS), LOCATIONS.get(index),
                    random.nextInt(5000), random.nextInt(40), random.nextInt(12), ingest,
                    LANGS.get(Math.min(LANGS.size() - 1, (int) Math.floor(Math.abs(langs.nextGaussian()) * 2)))));
        }
        return new ServingWorkload(events);
    }

    public Instant maxIngestTime() {
        return events.stream().map(Event::ingestTime).max(Comparator.naturalOrder()).orElseThrow();
    }

    /** The exact answer: every event once, by (event_hour, location). */
    public Map<HourLocation, Sums> truth() {
        return sum(e -> true);
    }

    /** Sums over the events whose event hour starts in [from, to); null ends are open. */
    public Sums totals(Instant from, Instant to) {
        return events.stream().filter(inRange(from, to)).map(Sums::of).reduce(Sums.ZERO, Sums::plus);
    }

    public long locations(Instant from, Instant to) {
        return events.stream().filter(inRange(from, to)).map(Event::location).distinct().count();
    }

    /** Per location over [from, to), most events first. */
    public List<Map.Entry<String, Sums>> byLocation(Instant from, Instant to) {
        Map<String, Sums> sums = new TreeMap<>();
        events.stream().filter(inRange(from, to)).forEach(e -> sums.merge(e.location(), Sums.of(e), Sums::plus));
        List<Map.Entry<String, Sums>> sorted = new ArrayList<>(sums.entrySet());
        sorted.sort(Comparator.comparingLong((Map.Entry<String, Sums> e) -> e.getValue().tweetCount()).reversed());
        return sorted;
    }

    /** One location's series over [from, to), by steps of {@code step} (an hour or a UTC day). */
    public Map<Instant, Sums> series(String location, Instant from, Instant to, ChronoUnit step) {
        Map<Instant, Sums> series = new TreeMap<>();
        events.stream().filter(inRange(from, to)).filter(e -> e.location().equals(location))
                .forEach(e -> series.merge(e.eventHour().truncatedTo(step), Sums.of(e), Sums::plus));
        return series;
    }

    private static Predicate<Event> inRange(Instant from, Instant to) {
        return e -> (from == null || !e.eventHour().isBefore(from)) && (to == null || e.eventHour().isBefore(to));
    }

    private Map<HourLocation, Sums> sum(Predicate<Event> filter) {
        Map<HourLocation, Sums> sums = new LinkedHashMap<>();
        events.stream().filter(filter)
                .forEach(e -> sums.merge(new HourLocation(e.eventHour(), e.location()), Sums.of(e), Sums::plus));
        return sums;
    }

    /**
     * Writes the batch layer's and the speed layer's tables as they would have (of the default view and of lang_day),
     * and their bookkeeping.
     */
    public void load(Connection connection) throws SQLException {
        ViewTables.install(connection, ViewCatalog.shipped());
        connection.setAutoCommit(false);
        try {
            clear(connection);
            insertBatchView(connection, sum(e -> e.ingestTime().isBefore(CUTOFF)));
            deriveDayGrain(connection);
            insertLangDay(connection);
            // As the batch layer records a view it has built: lang_day whole since before the first run.
            NamedView langDay = ViewCatalog.shipped().find("lang_day").orElseThrow();
            new ViewDefinitions().write(connection, new ViewDefinitionState(langDay.name(), langDay.fingerprint(),
                    ViewDefinitionState.State.COMPLETE, BASE));
            Map<BucketHourLocation, Sums> speed = new LinkedHashMap<>();
            events.stream().filter(e -> !e.ingestTime().isBefore(RETAINED_FROM)).forEach(e -> speed.merge(
                    new BucketHourLocation(e.ingestBucket(), e.eventHour(), e.location()), Sums.of(e), Sums::plus));
            insertSpeedView(connection, speed);
            insertRun(connection, "recompute-1", CUTOFF.minus(Duration.ofHours(6)), CUTOFF.minus(Duration.ofHours(4)), "succeeded");
            insertRun(connection, LATEST_RUN, CUTOFF, LATEST_RUN_FINISHED, "succeeded");
            insertRun(connection, "recompute-3", CUTOFF.plus(Duration.ofHours(1)), CUTOFF.plus(Duration.ofHours(2)), "failed");
            insertCommit(connection, SPEED_BATCH_ID - 1, SPEED_COMMITTED_AT.minusSeconds(30), RETAINED_FROM, maxIngestTime());
            insertCommit(connection, SPEED_BATCH_ID, SPEED_COMMITTED_AT, RETAINED_FROM, maxIngestTime());
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Derives batch_view_day from batch_view's rows, as the batch layer does whenever it changes them. */
    public static void deriveDayGrain(Connection connection) throws SQLException {
        new ViewRollups(new PostgresWarehouse()).refresh(connection, TouchedDays.all());
    }

    public static void clear(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("batch_view", "batch_view_day", "speed_view", "batch_runs", "speed_commits",
                    "view_definitions")) {
                statement.execute("DELETE FROM " + table);
            }
            for (String table : List.of("batch_lang_day", "speed_lang_day")) {
                try (ResultSet exists = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                    exists.next();
                    if (!exists.getBoolean(1)) {
                        continue;
                    }
                }
                statement.execute("DELETE FROM " + table);
            }
        }
    }

    // lang_day as its layers would hold it: batch_lang_day by (event_day, lang) of the events ingested before the
    // cutoff, speed_lang_day per ingest bucket of those ingested from RETAINED_FROM on.
    private void insertLangDay(Connection connection) throws SQLException {
        Map<List<Object>, long[]> batch = new LinkedHashMap<>();
        Map<List<Object>, long[]> speed = new LinkedHashMap<>();
        for (Event e : events) {
            if (e.ingestTime().isBefore(CUTOFF)) {
                add(batch.computeIfAbsent(List.of(e.eventDay(), e.lang()), k -> new long[2]), e);
            }
            if (!e.ingestTime().isBefore(RETAINED_FROM)) {
                add(speed.computeIfAbsent(List.of(e.ingestBucket(), e.eventDay(), e.lang()), k -> new long[2]), e);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_lang_day (event_day, lang, tweet_count, retweets_sum) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, long[]> row : batch.entrySet()) {
                insert.setObject(1, utc((Instant) row.getKey().get(0)));
                insert.setString(2, (String) row.getKey().get(1));
                insert.setLong(3, row.getValue()[0]);
                insert.setLong(4, row.getValue()[1]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO speed_lang_day"
                + " (ingest_bucket, event_day, lang, tweet_count, retweets_sum) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<List<Object>, long[]> row : speed.entrySet()) {
                insert.setObject(1, utc((Instant) row.getKey().get(0)));
                insert.setObject(2, utc((Instant) row.getKey().get(1)));
                insert.setString(3, (String) row.getKey().get(2));
                insert.setLong(4, row.getValue()[0]);
                insert.setLong(5, row.getValue()[1]);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void add(long[] sums, Event event) {
        sums[0] += 1;
        sums[1] += event.retweets();
    }

    private static void insertBatchView(Connection connection, Map<HourLocation, Sums> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_view"
                + " (event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<HourLocation, Sums> row : rows.entrySet()) {
                insert.setObject(1, utc(row.getKey().eventHour()));
                insert.setString(2, row.getKey().location());
                setSums(insert, 3, row.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void insertSpeedView(Connection connection, Map<BucketHourLocation, Sums> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO speed_view (ingest_bucket, event_hour,"
                + " location, tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<BucketHourLocation, Sums> row : rows.entrySet()) {
                insert.setObject(1, utc(row.getKey().ingestBucket()));
                insert.setObject(2, utc(row.getKey().eventHour()));
                insert.setString(3, row.getKey().location());
                setSums(insert, 4, row.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public static void insertRun(Connection connection, String runId, Instant cutoff, Instant finishedAt, String status)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_runs (run_id, started_at,"
                + " finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out, duration_ms, status)"
                + " VALUES (?, ?, ?, ?, 3600, 0, 0, 1000, ?)")) {
            insert.setString(1, runId);
            insert.setObject(2, utc(finishedAt.minusSeconds(1)));
            insert.setObject(3, utc(finishedAt));
            insert.setObject(4, utc(cutoff));
            insert.setString(5, status);
            insert.executeUpdate();
        }
    }

    public static void insertCommit(Connection connection, long batchId, Instant committedAt, Instant retainedFrom,
            Instant maxIngestTime) throws SQLException {
        insertCommit(connection, batchId, committedAt, retainedFrom, maxIngestTime, null);
    }

    public static void insertCommit(Connection connection, long batchId, Instant committedAt, Instant retainedFrom,
            Instant maxIngestTime, String nextOffsets) throws SQLException {
        // speed_commits belongs to the speed layer, which may add required columns the serving layer does not read;
        // they get neutral values here, so these tests keep playing the speed layer's part.
        StringBuilder columns = new StringBuilder("query_name, batch_id, committed_at, ingest_watermark, max_ingest_time,"
                + " retained_from, ingest_bucket_seconds, input_rows, rows_upserted, next_offsets");
        StringBuilder values = new StringBuilder("'speed_view', ?, ?, NULL, ?, ?, 3600, 10, 10, ?");
        for (Map.Entry<String, String> column : otherRequiredColumns(connection, "speed_commits",
                columns.toString()).entrySet()) {
            columns.append(", ").append(column.getKey());
            values.append(", ").append(column.getValue());
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO speed_commits (" + columns + ") VALUES (" + values + ")")) {
            insert.setLong(1, batchId);
            insert.setObject(2, utc(committedAt));
            setTimestamp(insert, 3, maxIngestTime);
            setTimestamp(insert, 4, retainedFrom);
            insert.setString(5, nextOffsets);
            insert.executeUpdate();
        }
    }

    // NOT NULL columns without a default, other than {@code known}, with a neutral literal for each.
    private static Map<String, String> otherRequiredColumns(Connection connection, String table, String known)
            throws SQLException {
        List<String> knownColumns = List.of(known.split(",\\s*"));
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND table_name = ?"
                + " AND is_nullable = 'NO' AND column_default IS NULL ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    if (!knownColumns.contains(column)) {
                        columns.put(column, neutralLiteral(rs.getString(2)));
                    }
                }
            }
        }
        return columns;
    }

    private static String neutralLiteral(String dataType) {
        if (dataType.contains("char") || dataType.equals("text")) {
            return "'00000000-0000-0000-0000-000000000000'";
        }
        if (dataType.startsWith("timestamp")) {
            return "TIMESTAMP '2000-01-01 00:00:00'";
        }
        return "0";
    }

    private static void setTimestamp(PreparedStatement insert, int index, Instant value) throws SQLException {
        if (value == null) {
            insert.setNull(index, Types.TIMESTAMP);
        } else {
            insert.setObject(index, utc(value));
        }
    }

    private static void setSums(PreparedStatement insert, int first, Sums sums) throws SQLException {
        insert.setLong(first, sums.tweetCount());
        insert.setLong(first + 1, sums.followersSum());
        insert.setLong(first + 2, sums.favoritesSum());
        insert.setLong(first + 3, sums.retweetsSum());
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
