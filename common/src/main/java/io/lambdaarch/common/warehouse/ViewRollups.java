package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewRollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keeps batch_view_day, the day grain of the view, equal to batch_view's rows summed by UTC day. Whoever changes
 * batch_view calls {@link #refresh} in the same transaction, before the commit, with the days whose hour rows changed:
 * those days are deleted and derived again from batch_view ({@link ViewQueries#rollupQuery}), so a reader, which sees
 * one snapshot, never finds the two grains apart. Statements run in the caller's transaction; nothing commits here.
 */
public final class ViewRollups {
    /** Day ranges per statement: a fold whose late events touch hundreds of scattered days stays a few statements. */
    static final int RANGES_PER_STATEMENT = 100;

    private final Warehouse warehouse;
    private final ViewRollup rollup;
    private final String source;
    private final String table;
    // Every day's rewrite, generated once: a full recompute only executes it (docs/batch-layer.md#what-a-full-recompute-costs).
    private final TableRewrite everyDay;
    private final String everyDayInsert;

    public ViewRollups(Warehouse warehouse) {
        this(warehouse, TweetView.DAY_ROLLUP, Tables.BATCH_VIEW, Tables.BATCH_VIEW_DAY);
    }

    /** The {@code grain} rollup of a declared view: its batch table summed into its rollup table. */
    public ViewRollups(Warehouse warehouse, NamedView view, TimeGrain grain) {
        this(warehouse, view.rollup(grain), view.batchTable(), view.rollupTable(grain));
    }

    ViewRollups(Warehouse warehouse, ViewRollup rollup, String source, String table) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.rollup = requireNonNull(rollup, "rollup is null");
        this.source = requireNonNull(source, "source is null");
        this.table = requireNonNull(table, "table is null");
        this.everyDay = warehouse.rewrite(table);
        this.everyDayInsert = insertSql(everyDay.target(), null);
    }

    /**
     * Derives the day rows of {@code touched} again from batch_view's current rows; returns the day rows written. Every
     * day: the table is rewritten as the warehouse rewrites a table (DELETE and INSERT in the caller's transaction on both
     * warehouses, never a RENAME under live readers). Some days: those days are deleted and inserted again.
     */
    public long refresh(Connection connection, TouchedDays touched) throws SQLException {
        requireNonNull(touched, "touched is null");
        if (touched.everyDay()) {
            return rewriteAll(connection);
        }
        List<TouchedDays.DayRange> ranges = touched.ranges();
        long rows = 0;
        for (int start = 0; start < ranges.size(); start += RANGES_PER_STATEMENT) {
            List<TouchedDays.DayRange> chunk = ranges.subList(start, Math.min(ranges.size(), start + RANGES_PER_STATEMENT));
            run(connection, "DELETE FROM " + table + " WHERE " + within(rollup.timeColumn(), chunk.size()), chunk);
            rows += run(connection, insertSql(table, within(rollup.hourDimension().column(), chunk.size())), chunk);
        }
        return rows;
    }

    /**
     * {@link #refresh} of every day as statements, for a caller that sends them with the rest of a full run in one round
     * trip (they read the rollup's source table, so they go after the statements that fill it).
     */
    public List<String> everyDayStatements() {
        List<String> statements = new ArrayList<>(everyDay.prepare());
        statements.add(everyDayInsert);
        statements.addAll(everyDay.finish());
        return List.copyOf(statements);
    }

    /**
     * The statements that add {@code deltaTable} (rows of the source table's columns, one per key: an incremental run's
     * delta, before or after it is added to the source) summed to this grain to the rollup table, in the caller's
     * transaction: the rollup stays the sum of its source because every measure is a sum (a count is a sum of ones), and
     * a sum of sums by day is the sum by day of the added rows. They read the delta's few rows; {@link #refresh} of the
     * touched days read every source row of those days, which grows with the history
     * (docs/batch-layer.md#incremental-runs). {@code stagingTable} is the rolled-up delta's name where the warehouse
     * needs one ({@link Warehouse#addQueryRows}).
     */
    public List<String> addDeltaStatements(String deltaTable, String stagingTable) {
        List<String> keys = new ArrayList<>();
        keys.add(rollup.timeColumn());
        keys.addAll(rollup.otherDimensionColumns());
        return warehouse.addQueryRows(table, warehouse.rollupQuery(rollup, deltaTable, null), stagingTable, keys,
                rollup.view().measureColumns());
    }

    /** The rollup table this keeps. */
    public String table() {
        return table;
    }

    /**
     * A query with a row when batch_view has rows and batch_view_day has none: a warehouse made before the day grain
     * existed, which {@link SchemaInstaller} fills once.
     */
    String missingRowsQuery() {
        return "SELECT 1 FROM " + source + " WHERE NOT EXISTS (SELECT 1 FROM " + table + ") LIMIT 1";
    }

    /** True when {@link #missingRowsQuery()} finds a row. */
    boolean rowsMissing(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery(missingRowsQuery())) {
            return rows.next();
        }
    }

    private long rewriteAll(Connection connection) throws SQLException {
        execute(connection, everyDay.prepare());
        long rows;
        try (Statement insert = connection.createStatement()) {
            rows = insert.executeUpdate(everyDayInsert);
        }
        execute(connection, everyDay.finish());
        return rows;
    }

    // INSERT INTO target (columns) <the rollup of batch_view's rows that pass filter>
    private String insertSql(String target, String filter) {
        return "INSERT INTO " + target + " (" + String.join(", ", rollup.allColumns()) + ") "
                + warehouse.rollupQuery(rollup, source, filter);
    }

    /** {@code (column >= ? AND column < ?) OR ...}, once per range: two timestamps per range. */
    private static String within(String column, int ranges) {
        return "(" + String.join(" OR ", Collections.nCopies(ranges, "(" + column + " >= ? AND " + column + " < ?)")) + ")";
    }

    private static long run(Connection connection, String sql, List<TouchedDays.DayRange> ranges) throws SQLException {
        List<LocalDateTime> bounds = new ArrayList<>();
        ranges.forEach(range -> {
            bounds.add(startOf(range.first()));
            bounds.add(startOf(range.end()));
        });
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < bounds.size(); i++) {
                statement.setObject(i + 1, bounds.get(i));
            }
            return statement.executeUpdate();
        }
    }

    private static LocalDateTime startOf(LocalDate day) {
        return day.atStartOfDay();
    }

    private static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
