package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Keeps the first-copy index ({@link Tables#FIRST_COPIES}): for every event id in raw_batch, the copy that counts
 * (earliest ingest time, ties to the lower partition, then offset). Landing calls {@link #index} in its own
 * transaction, after its rows are in raw_batch and before its offsets are written, so the index always covers exactly
 * the committed raw_batch; replay and the schema upgrade {@link #rebuild} it. Each warehouse says how the new first
 * copies are merged in ({@link Warehouse#indexFirstCopies}). Statements run in the caller's transaction.
 */
public final class FirstCopyIndex {
    private final Warehouse warehouse;

    public FirstCopyIndex(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** A range of Kafka offsets of one partition, {@code [from, to)}, just loaded into raw_batch. */
    public record OffsetRange(int partition, long from, long to) {
        public OffsetRange {
            if (from > to) {
                throw new IllegalArgumentException("offset range of partition " + partition + " ends before it starts: "
                        + from + " > " + to);
            }
        }
    }

    /** Indexes the raw_batch rows in {@code ranges} (the rows one landing run loaded). */
    public void index(Connection connection, List<OffsetRange> ranges) throws SQLException {
        List<OffsetRange> loaded = ranges.stream().filter(r -> r.to() > r.from()).toList();
        if (!loaded.isEmpty()) {
            execute(connection, warehouse.indexFirstCopies(rowsIn(loaded)));
        }
    }

    /** Builds the index again from all of raw_batch. */
    public void rebuild(Connection connection) throws SQLException {
        execute(connection, List.of(warehouse.deleteAllRows(Tables.FIRST_COPIES)));
        execute(connection, warehouse.indexFirstCopies("1 = 1"));
    }

    /** The predicate on raw_batch that selects the rows of {@code ranges}; offsets are numbers, never user text. */
    // Visible for testing
    static String rowsIn(List<OffsetRange> ranges) {
        return ranges.stream()
                .map(r -> "(kafka_partition = " + r.partition() + " AND kafka_offset >= " + r.from() + " AND kafka_offset < "
                        + r.to() + ")")
                .collect(Collectors.joining(" OR ", "(", ")"));
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
