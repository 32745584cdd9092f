package io.lambdaarch.common.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's columns as the catalog has them, in order, each as {@code name} or {@code name:time} for a timestamp: what
 * a view's tables are compared with to learn whether they still hold its definition. PostgreSQL and Redshift both
 * answer this catalog query.
 */
final class TableColumns {
    private static final String QUERY = "SELECT a.attname, pg_catalog.format_type(a.atttypid,"
            + " a.atttypmod) AS type_name FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
            + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
            + " AND c.relname = ? AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

    private TableColumns() {
    }

    /** The columns of {@code table} in the current schema; empty when there is no such table. */
    static List<String> of(Connection connection, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(QUERY)) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    boolean time = rows.getString("type_name").startsWith("timestamp");
                    columns.add(rows.getString("attname") + (time ? ":time" : ""));
                }
            }
        }
        return columns;
    }
}
