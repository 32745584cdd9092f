package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.instant;
import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads and writes speed_view_starts inside the caller's transaction (the one that commits the micro-batch). */
public final class SpeedViewStarts {
    private final LedgerTables tables;

    public SpeedViewStarts(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** The starts of {@code queryName}'s views, by view name. */
    public Map<String, SpeedViewStart> of(Connection connection, String queryName) throws SQLException {
        Map<String, SpeedViewStart> starts = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT view_name, fingerprint, complete_from, batch_id,"
                + " recorded_at FROM " + tables.speedViewStarts() + " WHERE query_name = ? ORDER BY view_name")) {
            select.setString(1, queryName);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String view = rows.getString("view_name");
                    starts.put(view, new SpeedViewStart(queryName, view, rows.getString("fingerprint"),
                            instant(rows, "complete_from"), rows.getLong("batch_id"), instant(rows, "recorded_at").orElseThrow()));
                }
            }
        }
        return starts;
    }

    /** Records {@code start}, replacing the view's earlier row. */
    public void put(Connection connection, SpeedViewStart start) throws SQLException {
        delete(connection, start.queryName(), start.viewName());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.speedViewStarts()
                + " (query_name, view_name, fingerprint, complete_from, batch_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, start.queryName());
            insert.setString(2, start.viewName());
            insert.setString(3, start.fingerprint());
            insert.setObject(4, start.completeFrom().map(UtcTimestamps::utc).orElse(null), Types.TIMESTAMP);
            insert.setLong(5, start.batchId());
            insert.setObject(6, utc(start.recordedAt()));
            insert.executeUpdate();
        }
    }

    /** Forgets {@code viewName} (no longer declared: its speed table is no longer written). */
    public void delete(Connection connection, String queryName, String viewName) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.speedViewStarts()
                + " WHERE query_name = ? AND view_name = ?")) {
            delete.setString(1, queryName);
            delete.setString(2, viewName);
            delete.executeUpdate();
        }
    }

    /** Forgets every view of {@code queryName} (its checkpoint was replaced and the speed tables rebuilt). */
    public void deleteAll(Connection connection, String queryName) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.speedViewStarts()
                + " WHERE query_name = ?")) {
            delete.setString(1, queryName);
            delete.executeUpdate();
        }
    }
}
