package io.lambdaarch.common.ledger;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes view_definitions, the batch layer's record of which definition each declared view's batch tables
 * hold (docs/batch-layer.md#changing-the-views). The batch layer writes it in the transaction of the run that builds
 * the tables; the serving layer reads it to say whether a view is {@code complete}.
 */
public final class ViewDefinitions {
    private final LedgerTables tables;

    public ViewDefinitions(LedgerTables tables) {
        this.tables = java.util.Objects.requireNonNull(tables, "tables is null");
    }

    /** The plain table name, resolved through the connection's search path. */
    public ViewDefinitions() {
        this(LedgerTables.unqualified());
    }

    /** Every row, by view name. */
    public Map<String, ViewDefinitionState> read(Connection connection) throws SQLException {
        Map<String, ViewDefinitionState> states = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT name, fingerprint, state, since FROM " + tables.viewDefinitions() + " ORDER BY name");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ViewDefinitionState state = new ViewDefinitionState(rows.getString("name"), rows.getString("fingerprint"),
                        ViewDefinitionState.State.fromSqlValue(rows.getString("state")),
                        UtcTimestamps.instant(rows, "since").orElseThrow());
                states.put(state.name(), state);
            }
        }
        return states;
    }

    /** The row of view {@code name}, if the batch layer has built it. */
    public Optional<ViewDefinitionState> find(Connection connection, String name) throws SQLException {
        return Optional.ofNullable(read(connection).get(name));
    }

    /**
     * A query of the row of the view named by its one parameter, for a caller that reads it inside a statement of its
     * own; {@link #state} turns the columns back into a state.
     */
    public String findQuery(String columns) {
        return "SELECT " + columns + " FROM " + tables.viewDefinitions() + " WHERE name = ?";
    }

    /** The state of a row of {@code name}, from its columns as read (state as stored), or empty when there is none. */
    public static Optional<ViewDefinitionState> state(String name, String fingerprint, String state, Optional<Instant> since) {
        if (fingerprint == null) {
            return Optional.empty();
        }
        return Optional.of(new ViewDefinitionState(name, fingerprint, ViewDefinitionState.State.fromSqlValue(state),
                since.orElseThrow()));
    }

    /** Inserts or replaces the row of {@code state.name()}, in the caller's transaction. */
    public void write(Connection connection, ViewDefinitionState state) throws SQLException {
        delete(connection, state.name());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + tables.viewDefinitions() + " (name, fingerprint, state, since) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, state.name());
            insert.setString(2, state.fingerprint());
            insert.setString(3, state.state().sqlValue());
            insert.setObject(4, UtcTimestamps.utc(state.since()));
            insert.executeUpdate();
        }
    }

    /** Deletes the row of view {@code name}, in the caller's transaction. */
    public void delete(Connection connection, String name) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + tables.viewDefinitions() + " WHERE name = ?")) {
            delete.setString(1, name);
            delete.executeUpdate();
        }
    }
}
