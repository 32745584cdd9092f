package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/** Writes landing_offsets inside the caller's transaction (the one that COPYs the data those offsets cover). */
public final class LandingOffsetsWriter {
    private final LedgerTables tables;

    public LandingOffsetsWriter(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** Replaces the landed offsets of {@code topic} with {@code nextOffsets} (every partition of the topic). */
    public void replace(Connection connection, String topic, String topicId, Map<Integer, Long> nextOffsets, Instant now)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.landingOffsets() + " WHERE topic = ?")) {
            delete.setString(1, topic);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.landingOffsets()
                + " (topic, kafka_partition, next_offset, updated_at, topic_id) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Integer, Long> entry : nextOffsets.entrySet()) {
                insert.setString(1, topic);
                insert.setInt(2, entry.getKey());
                insert.setLong(3, entry.getValue());
                insert.setObject(4, utc(now));
                insert.setString(5, topicId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
