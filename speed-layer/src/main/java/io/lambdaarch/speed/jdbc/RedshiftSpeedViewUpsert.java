package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Redshift has no {@code ON CONFLICT}: the rows go into a temporary staging table, then one {@code MERGE} overwrites
 * matching rows and inserts the rest. The staging table is dropped in the same transaction (TRUNCATE would commit).
 */
public final class RedshiftSpeedViewUpsert implements SpeedViewUpsert {
    static final String STAGE = "speed_view_stage";

    private final SpeedViewTable table;

    public RedshiftSpeedViewUpsert(SpeedViewTable table) {
        this.table = requireNonNull(table, "table is null");
    }

    // Visible for testing
    String createStage() {
        return "CREATE TEMP TABLE " + STAGE + " (LIKE " + table.name() + ")";
    }

    // Visible for testing
    String insertStage(int rows) {
        return "INSERT INTO " + STAGE + " " + table.columnList() + " VALUES " + table.placeholders(rows);
    }

    // Visible for testing
    String merge() {
        String target = table.name();
        String on = table.keyColumns().stream()
                .map(c -> target + "." + c + " = s." + c)
                .collect(Collectors.joining(" AND "));
        String updates = table.measureColumns().stream()
                .map(c -> c + " = s." + c)
                .collect(Collectors.joining(", "));
        String values = table.columns().stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + target + " USING " + STAGE + " s ON " + on
                + " WHEN MATCHED THEN UPDATE SET " + updates
                + " WHEN NOT MATCHED THEN INSERT " + table.columnList() + " VALUES (" + values + ")";
    }

    // Visible for testing
    String dropStage() {
        return "DROP TABLE " + STAGE;
    }

    @Override
    public long upsert(Connection connection, List<SpeedViewRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(createStage());
        }
        table.executeInChunks(connection, rows, this::insertStage);
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(merge());
            statement.execute(dropStage());
        }
        return rows.size();
    }
}
