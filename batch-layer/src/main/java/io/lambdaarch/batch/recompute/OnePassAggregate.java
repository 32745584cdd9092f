package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.TableRewrite;
import io.lambdaarch.common.warehouse.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The full aggregate of several declared views in one pass over the first copies before the cutoff: one {@code CREATE
 * TEMPORARY TABLE batch_views_full AS SELECT ... FROM first_copies WHERE ingest_time < cutoff GROUP BY GROUPING SETS
 * (...)}, a grouping set per distinct list of dimensions, whose few rows then replace each view's rows. Both warehouses
 * run GROUPING SETS; with one set (one view) it is the plain GROUP BY of a single view.
 *
 * <p>Columns are shared: every distinct dimension expression is one column {@code d<i>} and every distinct measure
 * expression one column {@code m<i>} (the shipped views share COUNT(*) and SUM(retweet_count)). With several views, a
 * time dimension is grouped at the finest grain any view takes of its source column (hour, when one view groups by
 * the hour and another by the day), and a view of a coarser grain sums its rows of the temporary table to its own
 * grain: that table holds at most 24 of its rows per row of the view, whatever the data, and no row is truncated twice
 * in the pass (DATE_TRUNC is a fifth of the pass's CPU on PostgreSQL), and views that differ only in their time grain
 * share one grouping set. A text dimension is grouped as the warehouse groups it before finishing its value
 * ({@link Warehouse#groupedSourceExpression}: PostgreSQL groups lang uncut and a view cuts it on its grouped rows, summing
 * again those that share a cut value). Other dimensions are never merged into a finer common grain: location x lang has about as
 * many groups as there are events (docs/batch-layer.md#two-views-in-one-pass). A row belongs to the
 * grouping set whose columns are not NULL, the others being NULL: a dimension's value is never NULL (raw_batch's
 * location and created_at are NOT NULL, lang is coalesced to {@code und}, and every batch table declares its
 * dimensions NOT NULL), so no GROUPING() function is needed, and the SQL is the same on both warehouses.
 *
 * <p>Generated once per job ({@link RunStatements} says why); a run only executes it.
 */
final class OnePassAggregate {
    /** The temporary table of every view's full rows. */
    static final String TABLE = "batch_views_full";
    // Stands for the cutoff while the statement is generated; split off before any run.
    private static final String CUTOFF_MARK = "\u0000cutoff\u0000";

    private final List<NamedView> views;
    private final List<String> create;
    private final int cutoffStatement;
    private final String createStart;
    private final String createEnd;
    private final Map<String, List<String>> replaceByView;
    private final Map<String, Integer> insertByView;
    private final Map<String, String> eventsByView;
    private final List<String> drop;

    private OnePassAggregate(List<NamedView> views, List<String> create, int cutoffStatement, String createStart,
            String createEnd, Map<String, List<String>> replaceByView, Map<String, Integer> insertByView,
            Map<String, String> eventsByView, List<String> drop) {
        this.views = List.copyOf(views);
        this.create = List.copyOf(create);
        this.cutoffStatement = cutoffStatement;
        this.createStart = createStart;
        this.createEnd = createEnd;
        this.replaceByView = Map.copyOf(replaceByView);
        this.insertByView = Map.copyOf(insertByView);
        this.eventsByView = Map.copyOf(eventsByView);
        this.drop = List.copyOf(drop);
    }

    /** The statements of {@code views}' full aggregate on {@code warehouse}. */
    static OnePassAggregate of(Warehouse warehouse, List<NamedView> views) {
        requireNonNull(warehouse, "warehouse is null");
        if (views.isEmpty()) {
            throw new IllegalArgumentException("a full aggregate needs at least one view");
        }
        Map<String, TimeGrain> finest = finestTimeGrains(views);
        Map<String, String> dimensionColumns = new LinkedHashMap<>();
        Map<String, String> measureColumns = new LinkedHashMap<>();
        Map<TreeSet<String>, List<String>> sets = new LinkedHashMap<>();
        for (NamedView view : views) {
            TreeSet<String> set = new TreeSet<>();
            List<String> keys = new ArrayList<>();
            for (Dimension dimension : view.definition().dimensions()) {
                String expression = passExpression(warehouse, dimension, finest);
                set.add(dimensionColumns.computeIfAbsent(expression, e -> "d" + dimensionColumns.size()));
                if (!keys.contains(expression)) {
                    keys.add(expression);
                }
            }
            for (Measure measure : view.definition().measures()) {
                String expression = warehouse.measureExpression(measure);
                measureColumns.computeIfAbsent(expression, e -> "m" + measureColumns.size());
            }
            sets.computeIfAbsent(set, s -> keys);
        }
        StringBuilder query = new StringBuilder("SELECT ");
        query.append(dimensionColumns.entrySet().stream().map(e -> e.getKey() + " AS " + e.getValue())
                .collect(Collectors.joining(", ")));
        measureColumns.forEach((expression, column) -> query.append(", ").append(expression).append(" AS ").append(column));
        query.append(" FROM ").append(Tables.FIRST_COPIES).append(" WHERE ").append(TweetView.INGEST_TIME).append(" < ")
                .append(CUTOFF_MARK).append(" GROUP BY ");
        if (sets.size() == 1) {
            query.append(String.join(", ", sets.values().iterator().next()));
        } else {
            query.append("GROUPING SETS (").append(sets.values().stream().map(set -> "(" + String.join(", ", set) + ")")
                    .collect(Collectors.joining(", "))).append(")");
        }
        String createTable = warehouse.createTemporaryTableAs(TABLE, query.toString());
        List<String> create = sets.size() == 1 ? List.of(createTable) : warehouse.hashedGroupingSets(createTable);
        int cutoffStatement = create.indexOf(createTable);
        int mark = createTable.indexOf(CUTOFF_MARK);

        Map<String, List<String>> replaceByView = new LinkedHashMap<>();
        Map<String, Integer> insertByView = new LinkedHashMap<>();
        Map<String, String> eventsByView = new LinkedHashMap<>();
        for (NamedView view : views) {
            String where = sets.size() == 1 ? "" : " WHERE " + rowsOf(view, warehouse, dimensionColumns, finest);
            // A view grouped finer than its grain in the pass sums its rows to its grain; the others copy theirs.
            boolean regroup = view.definition().dimensions().stream()
                    .anyMatch(d -> !passExpression(warehouse, d, finest).equals(warehouse.dimensionExpression(d)));
            List<String> select = new ArrayList<>();
            for (Dimension dimension : view.definition().dimensions()) {
                String column = dimensionColumns.get(passExpression(warehouse, dimension, finest));
                String value = column;
                if (!dimension.grain().isTime()) {
                    if (warehouse.groupedSourceExpression(dimension.sourceColumn()).isPresent()) {
                        value = warehouse.finishGroupedSource(dimension.sourceColumn(), column);
                    }
                } else if (!grouped(dimension, finest).equals(dimension)) {
                    value = warehouse.dimensionExpression(new Dimension(dimension.column(), column, dimension.grain()));
                }
                select.add(value + " AS " + dimension.column());
            }
            for (Measure measure : view.definition().measures()) {
                String column = measureColumns.get(warehouse.measureExpression(measure));
                select.add((regroup ? merged(warehouse, measure, column) : column) + " AS " + measure.column());
            }
            String groupBy = regroup ? " GROUP BY " + IntStream.rangeClosed(1, view.definition().dimensions().size())
                    .mapToObj(Integer::toString).collect(Collectors.joining(", ")) : "";
            TableRewrite rewrite = warehouse.rewrite(view.batchTable());
            List<String> replace = new ArrayList<>(rewrite.prepare());
            insertByView.put(view.name(), replace.size());
            replace.add(RecomputeSql.insertInto(view.definition(), rewrite.target(),
                    "SELECT " + String.join(", ", select) + " FROM " + TABLE + where + groupBy));
            replace.addAll(rewrite.finish());
            replaceByView.put(view.name(), replace);
            Optional<String> count = view.definition().measures().stream().filter(m -> m.aggregation() == Aggregation.COUNT)
                    .findFirst().map(m -> "SUM(" + measureColumns.get(warehouse.measureExpression(m)) + ")");
            eventsByView.put(view.name(), "SELECT " + count.orElse("0") + " AS events FROM " + TABLE + where);
        }
        return new OnePassAggregate(views, create, cutoffStatement, createTable.substring(0, mark),
                createTable.substring(mark + CUTOFF_MARK.length()), replaceByView, insertByView, eventsByView,
                warehouse.dropTemporaryTable(TABLE));
    }

    /**
     * Per source column of a time dimension, the finest grain any of {@code views} takes of it: the grain its time
     * dimensions are grouped by in the pass.
     */
    private static Map<String, TimeGrain> finestTimeGrains(List<NamedView> views) {
        Map<String, TimeGrain> finest = new HashMap<>();
        views.stream().flatMap(view -> view.definition().dimensions().stream()).filter(d -> d.grain().isTime())
                .forEach(d -> finest.merge(d.sourceColumn(), d.grain(), OnePassAggregate::finer));
        return finest;
    }

    private static TimeGrain finer(TimeGrain one, TimeGrain other) {
        // TimeGrain declares its grains from the finest (HOUR before DAY).
        return one.compareTo(other) <= 0 ? one : other;
    }

    /** {@code dimension} as the pass groups it: a time dimension at its source column's finest grain, others as they are. */
    private static Dimension grouped(Dimension dimension, Map<String, TimeGrain> finest) {
        if (!dimension.grain().isTime()) {
            return dimension;
        }
        return new Dimension(dimension.column(), dimension.sourceColumn(), finest.get(dimension.sourceColumn()));
    }

    /**
     * The expression the pass groups {@code dimension} by: a time at its source column's finest grain, a text as the
     * warehouse groups it before finishing its value on the grouped rows ({@link Warehouse#groupedSourceExpression}:
     * PostgreSQL cuts lang after grouping), any other as the view groups it.
     */
    private static String passExpression(Warehouse warehouse, Dimension dimension, Map<String, TimeGrain> finest) {
        if (dimension.grain().isTime()) {
            return warehouse.dimensionExpression(grouped(dimension, finest));
        }
        return warehouse.groupedSourceExpression(dimension.sourceColumn()).orElse(warehouse.dimensionExpression(dimension));
    }

    /** The measure of rows aggregated finer than the view, summed to its grain: counts and sums add up exactly. */
    private static String merged(Warehouse warehouse, Measure measure, String column) {
        String sum = switch (measure.aggregation()) {
            case COUNT, SUM -> "SUM(" + column + ")";
        };
        return "CAST(" + sum + " AS " + warehouse.measureType() + ")";
    }

    /** {@code d<i> IS NOT NULL} for the view's dimension columns, {@code IS NULL} for the others: its grouping set. */
    private static String rowsOf(NamedView view, Warehouse warehouse, Map<String, String> dimensionColumns,
            Map<String, TimeGrain> finest) {
        List<String> own = view.definition().dimensions().stream()
                .map(d -> dimensionColumns.get(passExpression(warehouse, d, finest))).toList();
        return dimensionColumns.values().stream().map(column -> column + (own.contains(column) ? " IS NOT NULL" : " IS NULL"))
                .collect(Collectors.joining(" AND "));
    }

    /** The views it aggregates, in order. */
    List<NamedView> views() {
        return views;
    }

    /** The statements that create {@link #TABLE} with every view's rows of the first copies before {@code cutoff}. */
    List<String> create(Instant cutoff) {
        List<String> statements = new ArrayList<>(create);
        statements.set(cutoffStatement, createStart + UtcTimestamps.literal(cutoff) + createEnd);
        return statements;
    }

    /** The statements that replace the view's rows by its rows of {@link #TABLE} (the warehouse's rewrite around an INSERT). */
    List<String> replace(NamedView view) {
        return replaceByView.get(view.name());
    }

    /** Where in {@link #replace} the INSERT is, whose update count is the view's rows. */
    int insertIndex(NamedView view) {
        return insertByView.get(view.name());
    }

    /** {@code SELECT <sum of the view's count measure> AS events FROM} its rows of {@link #TABLE}: the first copies read. */
    String eventsIn(NamedView view) {
        return eventsByView.get(view.name());
    }

    /** What drops {@link #TABLE} before commit (nothing where commit drops it). */
    List<String> drop() {
        return drop;
    }
}
