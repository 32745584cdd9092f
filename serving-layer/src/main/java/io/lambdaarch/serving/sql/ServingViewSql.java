package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.ServingViewDdl;
import io.lambdaarch.common.warehouse.Warehouse;

/**
 * serving_view's SQL as the serving layer uses it: the view's DDL ({@link ServingViewDdl}, in common, so whichever
 * service installs the schema creates the view), and the rows the view merges, not yet summed, which the API sums
 * straight to its own grouping ({@link #mergedRows}).
 */
public final class ServingViewSql {
    /**
     * The column {@link #mergedRows} adds to say which layer a row comes from: 0 for batch_view, 1 for speed_view, so
     * an answer can say which layer counted what.
     */
    public static final String FROM_SPEED = "from_speed";

    private final Warehouse warehouse;
    private final ViewDefinition view;
    private final String schema;
    private final ServingViewDdl ddl;

    /**
     * @param schema qualifies the table names on Redshift, where a late-binding view must name its tables with their
     *     schema; PostgreSQL binds the names through the search path when the view is created, as the tables were
     */
    public ServingViewSql(Warehouse warehouse, ViewDefinition view, String schema) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.view = requireNonNull(view, "view is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.ddl = new ServingViewDdl(warehouse, view, schema);
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
        String columns = String.join(", ", view.allColumns());
        String filter = condition.isEmpty() ? "" : " AND (" + condition + ")";
        return "SELECT " + columns + ", 0 AS " + FROM_SPEED + " FROM " + table(Tables.BATCH_VIEW)
                + (condition.isEmpty() ? "" : " WHERE " + condition)
                + " UNION ALL SELECT " + columns + ", 1 AS " + FROM_SPEED + " FROM " + table(Tables.SPEED_VIEW)
                + " WHERE (" + speedRowsKept() + ")" + filter;
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
