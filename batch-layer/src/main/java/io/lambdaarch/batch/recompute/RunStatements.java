package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.ViewRollups;
import io.lambdaarch.common.warehouse.Warehouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The statements an incremental run executes on a view's batch table, generated once per job for each view and the
 * warehouse ({@link RecomputeSql}): they depend on nothing else (but the two cutoffs, put in at the end), so a run's
 * transaction only executes them. Generating them inside the run cost as much as a tenth of a full recompute on the
 * job's fresh JVM (its first streams and string concatenations), which the CREATE TABLE AS baseline does not pay
 * either (docs/batch-layer.md#what-a-full-recompute-costs). A full run's statements are {@link OnePassAggregate}'s.
 *
 * <p>The cutoffs go in as literals ({@link UtcTimestamps#literal}, made from instants, never from input), so the delta
 * is created, filled and added to the view in one round trip ({@link #fold}); the planner sees the two values and reads
 * the first copies between them through the ingest_time index, not the history.
 *
 * @param createDelta the temporary delta table of an incremental run
 * @param deltaInsert the rows of the first copies in {@code [?, ?)} into the delta, the two {@code ?} being the only ones
 * @param deltaHours the delta's times and the first copies each counts (empty for a view without a time dimension)
 * @param addDelta the delta added to batch_view by key
 * @param addToRollups the delta summed to each rollup's grain and added to the rollup table by key
 *     ({@link ViewRollups#addDeltaStatements}): the rollups follow the delta's rows, not the touched days' view rows
 * @param dropDelta what drops the delta before commit (nothing where commit drops it)
 * @param addUnkept for a view without rollups, the first copies' rows in {@code [?, ?)} added to the view with no delta
 *     table of its own where the warehouse can ({@link Warehouse#addQueryRows}: PostgreSQL adds a query's rows in one
 *     statement; a temporary table costs about a millisecond there); empty for a view with rollups, whose delta is read
 *     twice
 */
record RunStatements(String createDelta, String deltaInsert, Optional<String> deltaHours, List<String> addDelta,
        List<String> addToRollups, List<String> dropDelta, List<String> addUnkept) {
    /** Appended to a view's batch table to name an incremental run's delta: batch_view_delta for the default view. */
    static final String DELTA_SUFFIX = "_delta";

    RunStatements {
        requireNonNull(createDelta, "createDelta is null");
        requireNonNull(deltaInsert, "deltaInsert is null");
        if (deltaInsert.split("\\?", -1).length != 3) {
            throw new IllegalArgumentException("the delta's insert has two parameters: " + deltaInsert);
        }
        requireNonNull(deltaHours, "deltaHours is null");
        addDelta = List.copyOf(addDelta);
        addToRollups = List.copyOf(addToRollups);
        dropDelta = List.copyOf(dropDelta);
        addUnkept = List.copyOf(addUnkept);
        if (String.join(" ", addUnkept).split("\\?", -1).length != (addUnkept.isEmpty() ? 1 : 3)) {
            throw new IllegalArgumentException("adding the rows without a delta takes two parameters: " + addUnkept);
        }
    }

    /** The statements of the default view (batch_view). */
    static RunStatements of(Warehouse warehouse) {
        return of(warehouse, ViewCatalog.shipped().defaultView());
    }

    /**
     * The statements of {@code view}: its tables, {@code <batch table>_delta}, and its rollups ({@code <rollup
     * table>_delta} where the warehouse stages a rolled-up delta).
     */
    static RunStatements of(Warehouse warehouse, NamedView view) {
        ViewDefinition definition = view.definition();
        String deltaTable = view.batchTable() + DELTA_SUFFIX;
        List<String> addToRollups = new ArrayList<>();
        for (TimeGrain grain : view.rollups()) {
            ViewRollups rollup = new ViewRollups(warehouse, view, grain);
            addToRollups.addAll(rollup.addDeltaStatements(deltaTable, rollup.table() + DELTA_SUFFIX));
        }
        return new RunStatements(
                warehouse.createTemporaryTable(deltaTable, view.batchTable()),
                RecomputeSql.insertInto(definition, deltaTable, RecomputeSql.deltaQuery(warehouse, definition)),
                RecomputeSql.eventsByTime(definition, deltaTable),
                warehouse.addRows(view.batchTable(), deltaTable, definition.dimensionColumns(),
                        definition.measureColumns()),
                addToRollups,
                warehouse.dropTemporaryTable(deltaTable),
                view.rollups().isEmpty() ? warehouse.addQueryRows(view.batchTable(), RecomputeSql.deltaQuery(warehouse,
                        definition), deltaTable, definition.dimensionColumns(), definition.measureColumns()) : List.of());
    }

    /** The delta's insert for the first copies ingested in {@code [from, to)}. */
    String deltaInsert(Instant from, Instant to) {
        return withCutoffs(deltaInsert, from, to);
    }

    /**
     * The first copies ingested in {@code [from, to)} added to the view (and its rollups) when nothing reads the delta
     * afterwards: {@link #addUnkept} where there is one, else {@link #fold} and {@link #dropDelta}.
     */
    List<String> foldUnread(Instant from, Instant to) {
        if (addUnkept.isEmpty()) {
            List<String> statements = new ArrayList<>(fold(from, to));
            statements.addAll(dropDelta);
            return List.copyOf(statements);
        }
        return addUnkept.stream().map(sql -> sql.indexOf('?') < 0 ? sql : withCutoffs(sql, from, to)).toList();
    }

    private static String withCutoffs(String sql, Instant from, Instant to) {
        String[] parts = sql.split("\\?", -1);
        return parts[0] + UtcTimestamps.literal(from) + parts[1] + UtcTimestamps.literal(to) + parts[2];
    }

    /**
     * The delta of {@code [from, to)} created, filled and added to the view and to its rollups: sent together, in one
     * round trip (with the other views'). The delta stays until {@link #dropDelta} (its times are read from it first).
     */
    List<String> fold(Instant from, Instant to) {
        List<String> statements = new ArrayList<>();
        statements.add(createDelta);
        statements.add(deltaInsert(from, to));
        statements.addAll(addDelta);
        statements.addAll(addToRollups);
        return List.copyOf(statements);
    }
}
