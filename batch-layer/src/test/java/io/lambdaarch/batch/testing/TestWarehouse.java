package io.lambdaarch.batch.testing;

import io.lambdaarch.localstack.StackSandbox;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads the sandbox's warehouse tables with plain SQL, for assertions. */
public final class TestWarehouse {
    private TestWarehouse() {
    }

    /** batch_view as view key to {tweet_count, followers_sum, favorites_sum, retweets_sum}. */
    public static Map<Workload.ViewKey, List<Long>> batchView(StackSandbox sandbox) {
        Map<Workload.ViewKey, List<Long>> view = new HashMap<>();
        query(sandbox, "SELECT event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum FROM batch_view", rows -> {
            while (rows.next()) {
                view.put(new Workload.ViewKey(instant(rows, 1), rows.getString(2)),
                        List.of(rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6)));
            }
        });
        return view;
    }

    /** batch_view_day, the day grain, as (day, location) to {tweet_count, followers_sum, favorites_sum, retweets_sum}. */
    public static Map<Workload.ViewKey, List<Long>> dayGrain(StackSandbox sandbox) {
        Map<Workload.ViewKey, List<Long>> view = new HashMap<>();
        query(sandbox, "SELECT event_day, location, tweet_count, followers_sum, favorites_sum, retweets_sum FROM batch_view_day",
                rows -> {
                    while (rows.next()) {
                        Workload.ViewKey key = new Workload.ViewKey(instant(rows, 1), rows.getString(2));
                        List<Long> sums = List.of(rows.getLong(3), rows.getLong(4), rows.getLong(5), rows.getLong(6));
                        if (view.put(key, sums) != null) {
                            throw new IllegalStateException("two rows of batch_view_day for " + key);
                        }
                    }
                });
        return view;
    }

    /** Rows keyed by event hour summed by UTC day in Java: what the day grain of {@code hours} must hold. */
    public static Map<Workload.ViewKey, List<Long>> byDay(Map<Workload.ViewKey, List<Long>> hours) {
        Map<Workload.ViewKey, List<Long>> days = new HashMap<>();
        hours.forEach((key, sums) -> days.merge(new Workload.ViewKey(key.eventHour().truncatedTo(ChronoUnit.DAYS),
                key.location()), sums, (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2),
                        a.get(3) + b.get(3))));
        return days;
    }

    /** Every (partition, offset) in raw_batch, duplicates included. */
    public static List<TestKafka.Coordinate> rawCoordinates(StackSandbox sandbox) {
        List<TestKafka.Coordinate> coordinates = new ArrayList<>();
        query(sandbox, "SELECT kafka_partition, kafka_offset FROM raw_batch", rows -> {
            while (rows.next()) {
                coordinates.add(new TestKafka.Coordinate(rows.getInt(1), rows.getLong(2)));
            }
        });
        return coordinates;
    }

    public static Map<Integer, Long> landingOffsets(StackSandbox sandbox) {
        Map<Integer, Long> offsets = new TreeMap<>();
        query(sandbox, "SELECT kafka_partition, next_offset FROM landing_offsets", rows -> {
            while (rows.next()) {
                offsets.put(rows.getInt(1), rows.getLong(2));
            }
        });
        return offsets;
    }

    public static long count(StackSandbox sandbox, String table) {
        long[] count = new long[1];
        query(sandbox, "SELECT COUNT(*) FROM " + table, rows -> {
            rows.next();
            count[0] = rows.getLong(1);
        });
        return count[0];
    }

    /** The cutoff of the newest batch_runs row. */
    public static Optional<Instant> latestCutoff(StackSandbox sandbox) {
        List<Instant> cutoff = new ArrayList<>();
        query(sandbox, "SELECT cutoff FROM batch_runs ORDER BY finished_at DESC LIMIT 1", rows -> {
            if (rows.next()) {
                cutoff.add(instant(rows, 1));
            }
        });
        return cutoff.stream().findFirst();
    }

    /** landed_through of the newest landing run. */
    public static Optional<Instant> latestLandedThrough(StackSandbox sandbox) {
        List<Instant> landed = new ArrayList<>();
        query(sandbox, "SELECT MAX(landed_through) FROM landing_runs", rows -> {
            if (rows.next() && rows.getObject(1) != null) {
                landed.add(instant(rows, 1));
            }
        });
        return landed.stream().findFirst();
    }

    public static void execute(StackSandbox sandbox, String sql) {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Reads rows of a query. */
    @FunctionalInterface
    public interface RowsReader {
        void read(ResultSet rows) throws SQLException;
    }

    public static void query(StackSandbox sandbox, String sql, RowsReader reader) {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            reader.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    /** Every row {@code sql} returns, its columns joined by {@code |}, as text. */
    public static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(rs.getString(i));
                }
                rows.add(String.join("|", values));
            }
        }
        return rows;
    }
}
