package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** PostgreSQL: multi-row {@code INSERT ... ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value}. */
final class PostgresUpsert implements UpsertStatements {
    private final UpsertTarget target;

    PostgresUpsert(UpsertTarget target) {
        this.target = requireNonNull(target, "target is null");
    }

    @Override
    public List<String> before() {
        return List.of();
    }

    @Override
    public String insertRows(int rows) {
        return "INSERT INTO " + target.table() + " " + target.columnList() + " VALUES " + target.placeholders(rows)
                + onConflict();
    }

    @Override
    public String insertSelected(String query) {
        return "INSERT INTO " + target.table() + " " + target.columnList() + " " + query + onConflict();
    }

    private String onConflict() {
        String updates = target.valueColumns().stream()
                .map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return " ON CONFLICT (" + String.join(", ", target.keyColumns()) + ") DO UPDATE SET " + updates;
    }

    @Override
    public List<String> after() {
        return List.of();
    }
}
