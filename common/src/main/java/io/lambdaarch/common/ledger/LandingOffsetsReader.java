package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads landing_offsets: how far the batch layer has landed each partition of a topic. */
public final class LandingOffsetsReader {
    private final LedgerTables tables;
    private final Duration queryTimeout;

    public LandingOffsetsReader(LedgerTables tables, Duration queryTimeout) {
        this.tables = requireNonNull(tables, "tables is null");
        this.queryTimeout = LedgerStatements.checkTimeout(requireNonNull(queryTimeout, "queryTimeout is null"));
    }

    /** Without a query timeout. */
    public LandingOffsetsReader(LedgerTables tables) {
        this(tables, Duration.ZERO);
    }

    /** The landed offsets of {@code topic}; empty before its first landing run. */
    public LandingOffsets read(Connection connection, String topic) throws SQLException {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        Optional<String> topicId = Optional.empty();
        try (PreparedStatement query = LedgerStatements.prepare(connection, "SELECT kafka_partition, next_offset, topic_id FROM "
                + tables.landingOffsets() + " WHERE topic = ? ORDER BY kafka_partition", queryTimeout)) {
            query.setString(1, topic);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    offsets.put(rows.getInt(1), rows.getLong(2));
                    if (rows.getString(3) != null) {
                        topicId = Optional.of(rows.getString(3));
                    }
                }
            }
        }
        return new LandingOffsets(offsets, topicId);
    }

    /**
     * A join that keeps the rows of {@code alias} (with columns kafka_partition and kafka_offset) below the landed
     * offsets of the topic bound to its one placeholder: exactly the records the committed landing runs loaded.
     */
    public String landedRowsJoin(String alias) {
        return "JOIN " + tables.landingOffsets() + " o ON o.kafka_partition = " + alias + ".kafka_partition AND "
                + alias + ".kafka_offset < o.next_offset AND o.topic = ?";
    }
}
