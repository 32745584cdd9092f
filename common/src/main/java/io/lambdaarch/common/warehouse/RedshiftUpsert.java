package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Redshift has no {@code ON CONFLICT}: the rows go into a temporary staging table, then one {@code MERGE} overwrites
 * matching rows and inserts the rest. The staging table is dropped in the same transaction (TRUNCATE would commit).
 */
final class RedshiftUpsert implements UpsertStatements {
    private final UpsertTarget target;
    private final String stage;

    RedshiftUpsert(UpsertTarget target) {
        this.target = requireNonNull(target, "target is null");
        this.stage = target.table() + "_stage";
    }

    @Override
    public List<String> before() {
        return List.of("CREATE TEMP TABLE " + stage + " (LIKE " + target.table() + ")");
    }

    @Override
    public String insertRows(int rows) {
        return "INSERT INTO " + stage + " " + target.columnList() + " VALUES " + target.placeholders(rows);
    }

    @Override
    public String insertSelected(String query) {
        return "INSERT INTO " + stage + " " + target.columnList() + " " + query;
    }

    @Override
    public List<String> after() {
        return List.of(merge(), "DROP TABLE " + stage);
    }

    private String merge() {
        String table = target.table();
        String on = target.keyColumns().stream()
                .map(c -> table + "." + c + " = s." + c)
                .collect(Collectors.joining(" AND "));
        String updates = target.valueColumns().stream()
                .map(c -> c + " = s." + c)
                .collect(Collectors.joining(", "));
        String values = target.columns().stream().map(c -> "s." + c).collect(Collectors.joining(", "));
        return "MERGE INTO " + table + " USING " + stage + " s ON " + on
                + " WHEN MATCHED THEN UPDATE SET " + updates
                + " WHEN NOT MATCHED THEN INSERT " + target.columnList() + " VALUES (" + values + ")";
    }
}
