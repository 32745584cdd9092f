package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.view.ViewRollup;
import io.lambdaarch.common.warehouse.Warehouse;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates {@code serving_view}, the exact merge of docs/design.md#the-boundary-rule, from the one view definition: all of
 * {@code batch_view} plus the {@code speed_view} rows whose {@code ingest_bucket} is at or after the cutoff of the
 * latest successful recompute (all speed rows before the first recompute), summed by {@code (event_hour, location)}.
 *
 * <p>Which recompute is the latest, and its cutoff, is the ledger's SQL ({@link BatchRunsReader}), so the view and
 * the freshness report always name the same cutoff. The shipped files {@code sql/<warehouse>/serving_view.sql} are
 * this class's output; a unit test keeps them equal.
 */
public final class ServingViewSql {

    private final Warehouse warehouse;
    private final ViewDefinition view;
    private final String schema;

    /**
     * @param schema qualifies the table names on Redshift, where a late-binding view must name its tables with their
     *     schema; PostgreSQL binds the names through the search path when the view is created, as the tables were
     */
    public ServingViewSql(Warehouse warehouse, ViewDefinition view, String schema) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.view = requireNonNull(view, "view is null");
        this.schema = requireNonNull(schema, "schema is null");
    }

    /** For the tweet view. */
    public static ServingViewSql of(Warehouse warehouse, String schema) {
        return new ServingViewSql(warehouse, TweetView.DEFINITION, schema);
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    public String schema() {
        return schema;
    }

    /** {@code table} as this warehouse's view must name it. */
    public String table(String table) {
        return warehouse.tableInView(schema, table);
    }

    /** The ledger's tables as this warehouse's view must name them. */
    public LedgerTables ledgerTables() {
        return LedgerTables.namedBy(this::table);
    }

    /** The SELECT behind serving_view. */
    public String viewQuery() {
        String columns = String.join(", ", view.allColumns());
        String union = "\n    SELECT " + columns + " FROM " + table(Tables.BATCH_VIEW)
                + "\n    UNION ALL"
                + "\n    SELECT " + columns + " FROM " + table(Tables.SPEED_VIEW)
                + "\n    WHERE " + speedRowsKept() + "\n";
        return warehouse.reaggregateQuery(view, union);
    }

    /**
     * The rows serving_view sums, not yet summed: all of batch_view and the speed_view rows the merge keeps, with
     * {@code condition} (over the view's columns, empty for none) applied in each of the two branches, so its
     * placeholders appear twice. The API sums these rows straight to its own grouping, which gives serving_view's
     * numbers: PostgreSQL cannot push a GROUP BY location through the view's GROUP BY (event_hour, location), and
     * that extra step made a 24-hour top-locations query about four times slower (docs/benchmarks.md).
     */
    public String mergedRows(String condition) {
        return batchRows(condition) + " UNION ALL " + speedRows(condition);
    }

    /** batch_view's rows that pass {@code condition} (over the view's columns, empty for none). */
    public String batchRows(String condition) {
        return "SELECT " + String.join(", ", view.allColumns()) + " FROM " + table(Tables.BATCH_VIEW)
                + where(condition);
    }

    /**
     * batch_view_day's rows that pass {@code condition} (over its columns), in batch_view's column order with the day as
     * {@code event_hour}: for a sum over whole days they give batch_view's numbers, as the batch layer keeps them equal
     * to its rows summed by day ({@code ViewRollups}).
     */
    public String batchDayRows(String condition) {
        ViewRollup rollup = new ViewRollup(view, TweetView.EVENT_DAY);
        List<String> columns = new ArrayList<>();
        columns.add(rollup.timeColumn() + " AS " + rollup.hourDimension().column());
        columns.addAll(rollup.otherDimensionColumns());
        columns.addAll(view.measureColumns());
        return "SELECT " + String.join(", ", columns) + " FROM " + table(Tables.BATCH_VIEW_DAY) + where(condition);
    }

    /** The speed_view rows the merge keeps that also pass {@code condition} (empty for none). */
    public String speedRows(String condition) {
        String filter = condition.isEmpty() ? "" : " AND (" + condition + ")";
        return "SELECT " + String.join(", ", view.allColumns()) + " FROM " + table(Tables.SPEED_VIEW) + " WHERE ("
                + speedRowsKept() + ")" + filter;
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
        BatchRunsReader runs = new BatchRunsReader(ledgerTables());
        return "NOT EXISTS (" + runs.anySucceededQuery() + ")"
                + "\n       OR " + TweetView.INGEST_BUCKET + " >= (" + runs.latestCutoffQuery() + ")";
    }

    /** The statement that creates (or replaces) serving_view. */
    public String createViewStatement() {
        // Bound so that batch_view and speed_view may be rebuilt by swapping tables without dropping this view.
        return warehouse.createViewStatement(table(Tables.SERVING_VIEW), viewQuery());
    }

    /** The content of {@code sql/<warehouse>/serving_view.sql}: a header and the statement, for any SQL client. */
    public String script() {
        return "-- serving_view for " + warehouse.viewScriptTitle(schema) + ".\n"
                + "-- Generated by io.lambdaarch.serving.sql.ServingViewSql from TweetView.DEFINITION; do not edit by hand\n"
                + "-- (ServingViewSqlTest fails when this file and the generator differ). The serving layer creates the view\n"
                + "-- at start-up when it is missing.\n"
                + "-- The merge rule (docs/design.md#the-boundary-rule): all of batch_view, plus the speed_view rows whose ingest_bucket is\n"
                + "-- at or after the cutoff of the latest succeeded recompute in " + LedgerTables.unqualified().batchRuns()
                + " (every speed row before the first).\n"
                + createViewStatement() + ";\n";
    }
}
