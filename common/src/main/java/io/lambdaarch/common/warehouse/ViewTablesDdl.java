package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewRollup;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The batch layer's tables of a declared view, generated from its definition as schema.sql writes batch_view and
 * batch_view_day: a time dimension is a TIMESTAMP, a text one a VARCHAR(1024) (NOT NULL: views group an absent lang as
 * {@code und}), every measure the warehouse's {@link Warehouse#measureType()}, the dimensions the primary key; on
 * Redshift replicated to every node and sorted by the first dimension. The default view's tables are in schema.sql
 * too (the same columns), so {@code CREATE TABLE IF NOT EXISTS} leaves them alone.
 */
public final class ViewTablesDdl {
    private final Warehouse warehouse;

    public ViewTablesDdl(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** Creates, if missing, the view's batch table and its rollup tables. */
    public List<String> createBatchTables(NamedView view) {
        List<String> statements = new ArrayList<>();
        statements.add(create(view.batchTable(), view.definition().dimensions(), view.definition().measureColumns()));
        for (TimeGrain grain : view.rollups()) {
            ViewRollup rollup = view.rollup(grain);
            List<Dimension> dimensions = new ArrayList<>();
            for (Dimension d : view.definition().dimensions()) {
                dimensions.add(d.grain() == TimeGrain.HOUR ? new Dimension(rollup.timeColumn(), d.sourceColumn(), grain) : d);
            }
            statements.add(create(view.rollupTable(grain), dimensions, view.definition().measureColumns()));
        }
        return List.copyOf(statements);
    }

    /**
     * Drops the view's serving view (which reads its tables), its rollup tables (of any grain, since an older
     * definition may have had other rollups) and its batch table, where they exist.
     */
    public List<String> dropBatchTables(NamedView view) {
        List<String> statements = new ArrayList<>();
        statements.add("DROP VIEW IF EXISTS " + view.servingView());
        for (TimeGrain grain : TimeGrain.values()) {
            if (grain.isTime()) {
                statements.add("DROP TABLE IF EXISTS " + view.rollupTable(grain));
            }
        }
        statements.add("DROP TABLE IF EXISTS " + view.batchTable());
        return List.copyOf(statements);
    }

    /**
     * True when the view's batch table is missing or has exactly the columns its definition gives it, in order, time
     * dimensions as timestamps: then creating what is missing and rewriting every row rebuilds it. False when it holds
     * another definition's columns. The catalog is read, as {@link SchemaInstaller} does, on both warehouses.
     */
    public boolean batchTableFits(Connection connection, NamedView view) throws SQLException {
        List<String> actual = TableColumns.of(connection, view.batchTable());
        if (actual.isEmpty()) {
            return true;
        }
        List<String> expected = new ArrayList<>();
        view.definition().dimensions().forEach(d -> expected.add(d.column() + (d.grain().isTime() ? ":time" : "")));
        expected.addAll(view.definition().measureColumns());
        return actual.equals(expected);
    }

    private String create(String table, List<Dimension> dimensions, List<String> measures) {
        List<String> columns = new ArrayList<>();
        dimensions.forEach(d -> columns.add(d.column() + " " + (d.grain().isTime() ? "TIMESTAMP" : "VARCHAR(1024)")
                + " NOT NULL"));
        measures.forEach(m -> columns.add(m + " " + warehouse.measureType() + " NOT NULL"));
        String key = dimensions.stream().map(Dimension::column).collect(Collectors.joining(", "));
        return "CREATE TABLE IF NOT EXISTS " + table + " (" + String.join(", ", columns) + ", PRIMARY KEY (" + key + "))"
                + warehouse.viewTableLayout(dimensions.get(0).column());
    }
}
