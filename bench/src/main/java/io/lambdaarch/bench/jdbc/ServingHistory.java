package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
import io.lambdaarch.common.ledger.BatchRunStatus;
import io.lambdaarch.common.ledger.BatchRunsWriter;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.warehouse.TouchedDays;
import io.lambdaarch.common.warehouse.ViewRollups;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The history the serving figure queries: {@code days} x 24 hours x {@code locations} rows in batch_view (and its day
 * grain in batch_view_day), the batch
 * run that makes it current (its cutoff is the start of the previous hour), and the speed layer's rows of the two
 * buckets since, as a system that has been running for months holds them. Counts fall with a location's rank, as
 * real places' do. PostgreSQL only (generate_series): the bench runs on the embedded stack.
 */
public final class ServingHistory {
    private static final Duration HOUR = Duration.ofHours(1);

    private final WarehouseConnector connector;

    public ServingHistory(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    /**
     * The history's time span.
     *
     * @param start the first event hour
     * @param cutoff the batch cutoff: batch_view covers [start, cutoff), speed_view the hours from it
     * @param batchRows rows written to batch_view
     */
    public record Span(Instant start, Instant cutoff, long batchRows) {
    }

    /** Writes the history ending at the hour before {@code now}; {@code seed} fixes the counts. */
    public Span fill(int days, int locations, Instant now, double seed) throws SQLException {
        Instant cutoff = IngestBuckets.floor(now, HOUR).minus(HOUR);
        Instant start = cutoff.minus(Duration.ofDays(days));
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement setSeed = connection.prepareStatement("SELECT setseed(?)")) {
                setSeed.setDouble(1, seed);
                setSeed.execute();
            }
            long batchRows = insert(connection, Tables.BATCH_VIEW + " (event_hour, location, tweet_count, followers_sum,"
                    + " favorites_sum, retweets_sum)", "g.h", start, cutoff.minus(HOUR), locations);
            // The day grain, derived from those rows as the batch layer derives it in its recompute.
            new ViewRollups(connector.warehouse()).refresh(connection, TouchedDays.all());
            insert(connection, Tables.SPEED_VIEW + " (ingest_bucket, event_hour, location, tweet_count, followers_sum,"
                    + " favorites_sum, retweets_sum)", "g.h, g.h", cutoff, cutoff.plus(HOUR), locations);
            new BatchRunsWriter(LedgerTables.unqualified()).insert(connection, new BatchRun("bench-history", now, now, cutoff,
                    HOUR.toSeconds(), 0, batchRows, 0, BatchRunStatus.SUCCEEDED, BatchRunMode.FULL));
            connection.commit();
            connection.setAutoCommit(true);
            try (Statement analyze = connection.createStatement()) {
                analyze.execute("ANALYZE " + Tables.BATCH_VIEW);
                analyze.execute("ANALYZE " + Tables.BATCH_VIEW_DAY);
                analyze.execute("ANALYZE " + Tables.SPEED_VIEW);
            }
            return new Span(start, cutoff, batchRows);
        }
    }

    /**
     * One row per hour in [first, last] and location 1..locations into {@code target}, whose leading columns
     * {@code hours} fills with the hour; the count falls with the location's rank.
     */
    private static long insert(Connection connection, String target, String hours, Instant first, Instant last,
            int locations) throws SQLException {
        String sql = "INSERT INTO " + target + " SELECT " + hours + ", g.location, g.c, g.c * 240, g.c / 3, g.c / 7"
                + " FROM (SELECT h, 'place ' || lpad(l::text, 4, '0') AS location, 1 + floor(random() * 2000 / l)::bigint AS c"
                + " FROM generate_series(CAST(? AS timestamp), CAST(? AS timestamp), interval '1 hour') h,"
                + " generate_series(1, ?) l) g";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            insert.setObject(1, utc(first));
            insert.setObject(2, utc(last));
            insert.setInt(3, locations);
            return insert.executeLargeUpdate();
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
