package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.ServingViewDdl;
import io.lambdaarch.common.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;

/**
 * One declared view's merged SQL view ({@code serving_<name>}; the default view's is serving_view) as the serving
 * layer uses it: the view's DDL ({@link ServingViewDdl}, in common, so whichever service installs the schema creates
 * the view), and the rows the view merges, not yet summed, which the API sums straight to its own grouping
 * ({@link #mergedRows}). Table and column names come from the validated views file only, never from a request.
 */
public final class ServingViewSql {
    /**
     * The column {@link #mergedRows} adds to say which layer a row comes from: 0 for the batch table, 1 for the speed table, so
     * an answer can say which layer counted what.
     */
    public static final String FROM_SPEED = "from_speed";

    private final Warehouse warehouse;
    private final NamedView view;
    private final String schema;
    private final ServingViewDdl ddl;

    /**
     * @param schema qualifies the table names on Redshift, where a late-binding view must name its tables with their
     *     schema; PostgreSQL binds the names through the search path when the view is created, as the tables were
     */
    public ServingViewSql(Warehouse warehouse, NamedView view, String schema) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.view = requireNonNull(view, "view is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.ddl = new ServingViewDdl(warehouse, view, schema);
    }

    /** For the default view of the shipped views file (the tweet view, serving_view). */
    public static ServingViewSql of(Warehouse warehouse, String schema) {
        return new ServingViewSql(warehouse, ViewCatalog.shipped().defaultView(), schema);
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    /** The declared view this SQL is generated from. */
    public NamedView view() {
        return view;
    }

    private ViewDefinition definition() {
        return view.definition();
    }

    public String schema() {
        return schema;
    }

    /** {@code table} as this warehouse's view must name it. */
    public String table(String table) {
        return ddl.table(table);
    }

    /** The ledger's tables as this warehouse's view must name them. */
    public LedgerTables ledgerTables() {
        return ddl.ledgerTables();
    }

    /** The SELECT behind serving_view. */
    public String viewQuery() {
        return ddl.viewQuery();
    }

    /**
     * The rows serving_view sums, not yet summed: all of batch_view and the speed_view rows the merge keeps, with
     * {@code condition} (over the view's columns, empty for none) applied in each of the two branches, so its
     * placeholders appear twice. Each row also has {@link #FROM_SPEED}: 1 for a speed_view row, else 0. The API
     * sums these rows straight to its own grouping, which gives serving_view's numbers: PostgreSQL cannot push a GROUP BY location through the view's GROUP BY (event_hour, location), and
     * that extra step made a 24-hour top-locations query about four times slower (docs/benchmarks.md).
     */
    public String mergedRows(String condition) {
        return batchRows(condition) + " UNION ALL " + speedRows(condition);
    }

    /** The batch table's rows that pass {@code condition} (over the view's columns, empty for none). */
    public String batchRows(String condition) {
        return "SELECT " + String.join(", ", definition().allColumns()) + ", 0 AS " + FROM_SPEED + " FROM "
                + table(view.batchTable()) + where(condition);
    }

    /** True when the batch layer keeps a day rollup of this hourly view ({@link #batchDayRows}). */
    public boolean hasDayRollup() {
        return view.rollups().contains(TimeGrain.DAY)
                && view.timeDimension().map(Dimension::grain).filter(TimeGrain.HOUR::equals).isPresent();
    }

    /**
     * The day rollup's rows that pass {@code condition} (over its columns, whose day is {@link #dayRollupColumn}), in
     * the batch table's column order with the day as the hourly dimension: for a sum over whole days they give the
     * batch table's numbers, as the batch layer keeps them equal to its rows summed by day ({@code ViewRollups}). Only
     * for a view with a day rollup ({@link #hasDayRollup}).
     */
    public String batchDayRows(String condition) {
        if (!hasDayRollup()) {
            throw new IllegalStateException("view " + view.name() + " keeps no day rollup");
        }
        String hour = view.timeDimension().orElseThrow().column();
        List<String> columns = new ArrayList<>();
        for (Dimension dimension : definition().dimensions()) {
            columns.add(dimension.column().equals(hour) ? dayRollupColumn() + " AS " + hour : dimension.column());
        }
        columns.addAll(definition().measureColumns());
        columns.add("0 AS " + FROM_SPEED);
        return "SELECT " + String.join(", ", columns) + " FROM " + table(view.rollupTable(TimeGrain.DAY))
                + where(condition);
    }

    /** The day column of the day rollup's table (event_day for the default view). */
    public String dayRollupColumn() {
        return view.rollup(TimeGrain.DAY).timeColumn();
    }

    /** The speed table's rows the merge keeps that also pass {@code condition} (empty for none). */
    public String speedRows(String condition) {
        String filter = condition.isEmpty() ? "" : " AND (" + condition + ")";
        return "SELECT " + String.join(", ", definition().allColumns()) + ", 1 AS " + FROM_SPEED + " FROM "
                + table(view.speedTable()) + " WHERE (" + speedRowsKept() + ")" + filter;
    }

    /** The cutoff of the latest succeeded recompute, NULL before the first: one row, one column. */
    public String latestCutoffQuery() {
        return new BatchRunsReader(ledgerTables()).latestCutoffQuery();
    }

    private static String where(String condition) {
        return condition.isEmpty() ? "" : " WHERE " + condition;
    }

    /** The merge rule on speed_view: every row before the first recompute, else the rows at or after its cutoff. */
    private String speedRowsKept() {
        return ddl.speedRowsKept();
    }

    /** The statement that creates (or replaces) serving_view. */
    public String createViewStatement() {
        return ddl.createViewStatement();
    }

    /** The content of {@code sql/<warehouse>/serving_view.sql}: a header and the statement, for any SQL client. */
    public String script() {
        return ddl.script();
    }
}
