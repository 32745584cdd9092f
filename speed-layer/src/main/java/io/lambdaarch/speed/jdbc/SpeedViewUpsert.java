package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.warehouse.UpsertStatements;
import io.lambdaarch.common.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes new totals into speed_view inside the caller's transaction, with the warehouse's upsert (PostgreSQL
 * {@code ON CONFLICT}, Redshift a temporary staging table and {@code MERGE}), from bound rows or from a query over
 * speed_view_incoming. Spark's update mode hands over the full running
 * aggregate of every changed group, so an existing row is overwritten, never added to.
 */
public final class SpeedViewUpsert {
    private final SpeedViewTable table;
    private final UpsertStatements statements;

    public SpeedViewUpsert(Warehouse warehouse, SpeedViewTable table) {
        this.table = requireNonNull(table, "table is null");
        this.statements = requireNonNull(warehouse, "warehouse is null").upsert(table.target());
    }

    /** Inserts or overwrites {@code rows}; returns how many rows were written. */
    public long upsert(Connection connection, List<SpeedViewRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        execute(connection, statements.before());
        long written = table.executeInChunks(connection, rows, statements::insertRows);
        execute(connection, statements.after());
        return written;
    }

    /**
     * Inserts or overwrites the rows {@code query} selects (speed_view's columns in order, no key twice), with
     * {@code parameters} bound to the query; returns how many rows were written.
     */
    public long upsertSelected(Connection connection, String query, long... parameters) throws SQLException {
        execute(connection, statements.before());
        long written;
        try (PreparedStatement statement = connection.prepareStatement(statements.insertSelected(query))) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setLong(i + 1, parameters[i]);
            }
            written = statement.executeUpdate();
        }
        execute(connection, statements.after());
        return written;
    }

    private static void execute(Connection connection, List<String> sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
