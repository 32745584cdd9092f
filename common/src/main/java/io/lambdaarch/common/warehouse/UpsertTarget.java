package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A table written by key: a row whose key exists overwrites the other columns.
 *
 * @param table the table's name
 * @param keyColumns the primary key
 * @param valueColumns every other column
 */
public record UpsertTarget(String table, List<String> keyColumns, List<String> valueColumns) {
    public UpsertTarget {
        requireNonNull(table, "table is null");
        keyColumns = List.copyOf(requireNonNull(keyColumns, "keyColumns is null"));
        valueColumns = List.copyOf(requireNonNull(valueColumns, "valueColumns is null"));
    }

    /** Key columns, then value columns: the order rows are bound in. */
    public List<String> columns() {
        List<String> columns = new ArrayList<>(keyColumns);
        columns.addAll(valueColumns);
        return List.copyOf(columns);
    }

    /** {@code (c1, c2, ...)}. */
    public String columnList() {
        return "(" + String.join(", ", columns()) + ")";
    }

    /** {@code (?, ?, ...), (?, ?, ...)} for {@code rows} rows. */
    public String placeholders(int rows) {
        String one = "(" + String.join(", ", Collections.nCopies(columns().size(), "?")) + ")";
        return String.join(", ", Collections.nCopies(rows, one));
    }
}
