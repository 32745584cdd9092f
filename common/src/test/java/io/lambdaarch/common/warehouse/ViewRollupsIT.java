package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The day grain against a real PostgreSQL 17 with the project's schema: after a full refresh, after refreshes of
 * touched days, and after deltas added by day (as an incremental batch run adds them), batch_view_day equals batch_view's hour rows summed by UTC
 * day in Java, wide sums included; days not touched keep their rows; a warehouse of an earlier release gets the day
 * grain derived when the schema is installed.
 */
class ViewRollupsIT {
    private static final LocalDateTime START = LocalDateTime.parse("2026-09-28T00:00:00");
    private static final List<String> LOCATIONS = List.of("Berlin", "Lagos", "東京", "x' OR '1'='1", "unknown");
    // Above 2^63 once a few are summed: the day grain must keep batch_view's exact 38-digit sums.
    private static final BigInteger WIDE = BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.TEN);

    private static EmbeddedPostgres postgres;

    private final ViewRollups rollups = new ViewRollups(new PostgresWarehouse());
    private final Random random = new Random(20261207L);
    /** batch_view as written: (hour, location) to the four measures. */
    private final Map<Key, List<BigInteger>> hours = new HashMap<>();
    private Connection connection;

    private record Key(LocalDateTime time, String location) {
    }

    @BeforeAll
    static void startPostgres() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().setServerConfig("timezone", "UTC").setServerConfig("fsync", "off").start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            new SchemaInstaller(new PostgresWarehouse()).install(connection);
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void emptyTheViews() throws SQLException {
        connection = postgres.getPostgresDatabase().getConnection();
        execute("TRUNCATE batch_view, batch_view_day");
    }

    @AfterEach
    void closeConnection() throws SQLException {
        connection.close();
    }

    @Test
    void aFullRefreshShouldSumEveryDayOfBatchView() throws SQLException {
        // 100 days over three months, some hours and locations left out, so days have ragged contents
        for (int i = 0; i < 3000; i++) {
            put(START.plusHours(random.nextInt(100 * 24)), LOCATIONS.get(random.nextInt(LOCATIONS.size())));
        }
        writeHours();
        connection.setAutoCommit(false);

        long rows = rollups.refresh(connection, TouchedDays.all());
        connection.commit();

        assertThat(dayGrain()).isEqualTo(truth());
        assertThat(rows).isEqualTo(truth().size());
        assertThat(dayGrain()).isEqualTo(groupedInSql());
    }

    @Test
    void aRefreshOfTouchedDaysShouldDeriveThoseAndKeepTheOthers() throws SQLException {
        seedSixtyDaysAndDeriveEveryDay();

        for (int round = 0; round < 5; round++) {
            // A fold: late events land in scattered old hours (new rows or grown ones), some far apart, some adjacent.
            Set<LocalDateTime> touchedHours = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                LocalDateTime hour = START.plusHours(random.nextInt(90 * 24));
                touchedHours.add(hour);
                put(hour, LOCATIONS.get(random.nextInt(LOCATIONS.size())));
            }
            writeHours();
            Map<Key, List<BigInteger>> before = dayGrain();

            rollups.refresh(connection, TouchedDays.ofHours(touchedHours.stream()
                    .map(h -> h.toInstant(ZoneOffset.UTC)).toList()));
            connection.commit();

            assertThat(dayGrain()).as("round %d", round).isEqualTo(truth());
            Set<LocalDate> touchedDays = new HashSet<>();
            touchedHours.forEach(h -> touchedDays.add(h.toLocalDate()));
            before.entrySet().removeIf(e -> touchedDays.contains(e.getKey().time().toLocalDate()));
            assertThat(dayGrain()).as("untouched days keep their rows").containsAllEntriesOf(before);
        }
    }

    @Test
    void aDeltaAddedByDayShouldKeepTheDayGrainEqualToBatchViewSummedByDay() throws SQLException {
        Warehouse warehouse = new PostgresWarehouse();
        List<String> keys = List.of("event_hour", "location");
        List<String> measures = List.of("tweet_count", "followers_sum", "favorites_sum", "retweets_sum");
        seedSixtyDaysAndDeriveEveryDay();

        for (int round = 0; round < 5; round++) {
            // An incremental run's delta: one row per key, late events in scattered old hours (grown rows) and in hours
            // the view has no row of yet (new days included), wide sums among them.
            Map<Key, List<BigInteger>> delta = new HashMap<>();
            for (int i = 0; i < 40; i++) {
                Key key = new Key(START.plusHours(random.nextInt(90 * 24)), LOCATIONS.get(random.nextInt(LOCATIONS.size())));
                delta.merge(key, measuresOf(key), ViewRollupsIT::plus);
            }
            Map<Key, List<BigInteger>> before = dayGrain();
            execute(warehouse.createTemporaryTable("batch_view_delta", "batch_view"));
            writeRows("batch_view_delta", delta);
            for (String sql : warehouse.addRows("batch_view", "batch_view_delta", keys, measures)) {
                execute(sql);
            }
            for (String sql : rollups.addDeltaStatements("batch_view_delta", "batch_view_day_delta")) {
                execute(sql);
            }
            connection.commit();
            delta.forEach((key, sums) -> hours.merge(key, sums, ViewRollupsIT::plus));

            assertThat(dayGrain()).as("round %d", round).isEqualTo(truth());
            assertThat(dayGrain()).as("round %d", round).isEqualTo(groupedInSql());
            Set<LocalDate> touchedDays = new HashSet<>();
            delta.keySet().forEach(k -> touchedDays.add(k.time().toLocalDate()));
            before.entrySet().removeIf(e -> touchedDays.contains(e.getKey().time().toLocalDate()));
            assertThat(dayGrain()).as("untouched days keep their rows").containsAllEntriesOf(before);
        }
    }

    @Test
    void aRefreshOfNoDaysShouldChangeNothing() throws SQLException {
        put(START, "Berlin");
        writeHours();
        connection.setAutoCommit(false);

        assertThat(rollups.refresh(connection, TouchedDays.of(List.of()))).isZero();
        connection.commit();

        assertThat(dayGrain()).isEmpty();
    }

    @Test
    void installingTheSchemaShouldDeriveTheDayGrainOfAnEarlierRelease() throws SQLException {
        for (int i = 0; i < 500; i++) {
            put(START.plusHours(random.nextInt(10 * 24)), LOCATIONS.get(random.nextInt(LOCATIONS.size())));
        }
        writeHours();
        // An earlier release: batch_view has rows and the day grain does not exist.
        execute("DROP TABLE batch_view_day");

        new SchemaInstaller(new PostgresWarehouse()).install(connection);

        assertThat(dayGrain()).isEqualTo(truth());
        // Installing again finds the day grain in place and leaves it.
        execute("DELETE FROM batch_view_day WHERE location = 'Lagos'");
        Map<Key, List<BigInteger>> withoutLagos = dayGrain();
        new SchemaInstaller(new PostgresWarehouse()).install(connection);
        assertThat(dayGrain()).isEqualTo(withoutLagos);
    }

    private void put(LocalDateTime hour, String location) {
        Key key = new Key(hour, location);
        hours.merge(key, measuresOf(key), ViewRollupsIT::plus);
    }

    private List<BigInteger> measuresOf(Key key) {
        BigInteger count = BigInteger.valueOf(1 + random.nextInt(20));
        BigInteger followers = random.nextInt(10) == 0 ? WIDE : BigInteger.valueOf(random.nextInt(100_000));
        return List.of(count, followers, BigInteger.valueOf(random.nextInt(300)), BigInteger.valueOf(random.nextInt(50)));
    }

    private static List<BigInteger> plus(List<BigInteger> a, List<BigInteger> b) {
        List<BigInteger> sum = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            sum.add(a.get(i).add(b.get(i)));
        }
        return List.copyOf(sum);
    }

    /** batch_view := the hour rows, as a batch run leaves it (inside the caller's transaction when there is one). */
    private void writeHours() throws SQLException {
        execute("DELETE FROM batch_view");
        writeRows("batch_view", hours);
    }

    private void writeRows(String table, Map<Key, List<BigInteger>> rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (event_hour, location,"
                + " tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, List<BigInteger>> row : rows.entrySet()) {
                insert.setObject(1, row.getKey().time());
                insert.setString(2, row.getKey().location());
                for (int i = 0; i < 4; i++) {
                    insert.setBigDecimal(3 + i, new BigDecimal(row.getValue().get(i)));
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The hour rows summed by UTC day, in Java. */
    private Map<Key, List<BigInteger>> truth() {
        Map<Key, List<BigInteger>> days = new HashMap<>();
        hours.forEach((key, sums) -> days.merge(new Key(key.time().toLocalDate().atStartOfDay(), key.location()), sums,
                ViewRollupsIT::plus));
        return days;
    }

    private Map<Key, List<BigInteger>> dayGrain() throws SQLException {
        return read("SELECT event_day, location, tweet_count, followers_sum, favorites_sum, retweets_sum FROM batch_view_day");
    }

    private Map<Key, List<BigInteger>> groupedInSql() throws SQLException {
        return read("SELECT DATE_TRUNC('day', event_hour), location, SUM(tweet_count), SUM(followers_sum),"
                + " SUM(favorites_sum), SUM(retweets_sum) FROM batch_view GROUP BY 1, 2");
    }

    private Map<Key, List<BigInteger>> read(String sql) throws SQLException {
        Map<Key, List<BigInteger>> rows = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<BigInteger> sums = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    sums.add(rs.getBigDecimal(3 + i).toBigIntegerExact());
                }
                Key key = new Key(rs.getObject(1, LocalDateTime.class), rs.getString(2));
                assertThat(rows.put(key, sums)).as("one row per (day, location): %s", key).isNull();
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }


    /** 2,000 rows over 60 days in batch_view, and the day grain derived from all of them, committed. */
    private void seedSixtyDaysAndDeriveEveryDay() throws SQLException {
        for (int i = 0; i < 2000; i++) {
            put(START.plusHours(random.nextInt(60 * 24)), LOCATIONS.get(random.nextInt(LOCATIONS.size())));
        }
        writeHours();
        connection.setAutoCommit(false);
        rollups.refresh(connection, TouchedDays.all());
        connection.commit();
    }
}
