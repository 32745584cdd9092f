package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.LandingRunsWriter;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.FirstCopyIndex;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Landed history for the incremental-run figure, written as landing leaves it: raw_batch rows with ingest times spread
 * evenly over a span, their first copies indexed with the same {@link FirstCopyIndex} landing calls, and a landing_runs
 * row whose landed_through puts the span's end at the next cutoff. Events are created up to two days before they are
 * ingested, at 200 locations. Nothing is analyzed after a landing, as after a real one: an hour of new rows is far
 * below autovacuum's thresholds, and the history is {@link #settle settled} once. PostgreSQL only (generate_series,
 * VACUUM): the bench runs on the embedded stack.
 */
public final class RawHistory {
    private static final int LOCATIONS = 200;
    private static final int PARTITION = 0;
    /** landed_through lies this far past the span's end, as a clock margin would leave it. */
    private static final Duration PAST_END = Duration.ofSeconds(30);

    private final WarehouseConnector connector;
    private long nextOffset;

    public RawHistory(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    /** Lands {@code events} events of {@code topic} ingested evenly over {@code [from, to)}, as landing run {@code runId}. */
    public void land(String topic, String runId, long events, Instant from, Instant to) throws SQLException {
        long first = nextOffset;
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + Tables.RAW_BATCH
                    + " (event_id, created_at, location, followers_count, favorite_count, retweet_count, kafka_partition,"
                    + " kafka_offset, ingest_time) SELECT CAST(1000000000 + n AS varchar), t - (n % 172800) * interval '1 second',"
                    + " 'place ' || lpad(CAST(n % " + LOCATIONS + " AS text), 4, '0'), n % 100000, n % 50, n % 20, "
                    + PARTITION + ", n, t FROM (SELECT n, CAST(? AS timestamp) + (n - ?) * (CAST(? AS timestamp)"
                    + " - CAST(? AS timestamp)) / ? AS t FROM generate_series(CAST(? AS bigint), CAST(? AS bigint)) n) g")) {
                insert.setObject(1, utc(from));
                insert.setLong(2, first);
                insert.setObject(3, utc(to));
                insert.setObject(4, utc(from));
                insert.setLong(5, events);
                insert.setLong(6, first);
                insert.setLong(7, first + events - 1);
                insert.executeLargeUpdate();
            }
            new FirstCopyIndex(connector.warehouse()).index(connection,
                    List.of(new FirstCopyIndex.OffsetRange(PARTITION, first, first + events)));
            Instant landedThrough = to.plus(PAST_END);
            new LandingRunsWriter(LedgerTables.unqualified()).insert(connection, new LandingRun(runId, topic, landedThrough, landedThrough, landedThrough, events, 0, 0, 0));
            connection.commit();
        }
        nextOffset = first + events;
    }

    /**
     * VACUUM ANALYZE of the whole database: what autovacuum does soon after a bulk load, done before the measured runs
     * rather than during them. Left to autovacuum, raw_batch, the first-copy index and batch_view were vacuumed and
     * analyzed (PostgreSQL 13+ vacuums after inserts too) while the incremental runs were being timed, on the same 2
     * cores, more of it at 4x the history (docs/benchmarks.md#the-incremental-figure-at-4x-the-history). A user's
     * 90 days of history have long been vacuumed when the next hourly run comes.
     */
    public void settle() throws SQLException {
        try (Connection connection = connector.open(); Statement vacuum = connection.createStatement()) {
            connection.setAutoCommit(true);
            vacuum.execute("VACUUM ANALYZE");
        }
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
