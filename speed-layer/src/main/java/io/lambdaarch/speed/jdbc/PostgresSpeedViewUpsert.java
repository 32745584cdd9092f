package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL: multi-row {@code INSERT ... ON CONFLICT (key) DO UPDATE SET measure = EXCLUDED.measure}. */
public final class PostgresSpeedViewUpsert implements SpeedViewUpsert {
    private final SpeedViewTable table;

    public PostgresSpeedViewUpsert(SpeedViewTable table) {
        this.table = requireNonNull(table, "table is null");
    }

    // Visible for testing
    String statement(int rows) {
        String updates = table.measureColumns().stream()
                .map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table.name() + " " + table.columnList() + " VALUES " + table.placeholders(rows)
                + " ON CONFLICT (" + String.join(", ", table.keyColumns()) + ") DO UPDATE SET " + updates;
    }

    @Override
    public long upsert(Connection connection, List<SpeedViewRow> rows) throws SQLException {
        return table.executeInChunks(connection, rows, this::statement);
    }
}
