package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.TableRewrite;
import io.lambdaarch.common.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every statement a batch run executes on a view's batch table, generated once per job for each view and
 * the warehouse ({@link RecomputeSql}): they depend on nothing else (but the cutoff, put in at the end), so a run's
 * transaction only executes them. Generating them inside the run cost as much as a tenth of a full recompute on the
 * job's fresh JVM (its first streams and string concatenations), which the CREATE TABLE AS baseline does not pay
 * either (docs/batch-layer.md#what-a-full-recompute-costs).
 *
 * <p>A full run aggregates into a temporary table with CREATE TABLE AS, the statement the bench compares it with, and
 * only then replaces batch_view's rows with that table's few rows: PostgreSQL may run a CREATE TABLE AS's query in
 * parallel, never an INSERT ... SELECT's.
 *
 * @param fullCreate {@code CREATE TEMPORARY TABLE batch_view_full AS <the view of the first copies before >}, to which
 *     the cutoff's literal and {@code fullCreateEnd} are appended ({@link #createFull})
 * @param fullCreateEnd what follows the cutoff in that statement
 * @param eventsInFull the first copies the full view's rows count
 * @param fullRewrite how batch_view's rows are replaced (DELETE then INSERT, in the run's transaction)
 * @param fullInsert the full view's rows into the rewrite's target
 * @param dropFull what drops the full view's table before commit (nothing where commit drops it)
 * @param createDelta the temporary delta table of an incremental run
 * @param deltaInsert the rows of the first copies in {@code [?, ?)} into the delta
 * @param deltaHours the delta's times and the first copies each counts (empty for a view without a time dimension)
 * @param addDelta the delta added to batch_view by key
 * @param dropDelta what drops the delta before commit (nothing where commit drops it)
 */
record RunStatements(String fullCreate, String fullCreateEnd, String eventsInFull, TableRewrite fullRewrite,
        String fullInsert, List<String> dropFull, String createDelta, String deltaInsert, Optional<String> deltaHours,
        List<String> addDelta, List<String> dropDelta) {
    /** Appended to a view's batch table to name its full aggregate: batch_view_full for the default view. */
    static final String FULL_SUFFIX = "_full";
    /** Appended to a view's batch table to name an incremental run's delta: batch_view_delta for the default view. */
    static final String DELTA_SUFFIX = "_delta";
    // Stands for the cutoff while the full statement is generated; split off before any run.
    private static final String CUTOFF_MARK = "\u0000cutoff\u0000";

    RunStatements {
        requireNonNull(fullCreate, "fullCreate is null");
        requireNonNull(fullCreateEnd, "fullCreateEnd is null");
        requireNonNull(eventsInFull, "eventsInFull is null");
        requireNonNull(fullRewrite, "fullRewrite is null");
        requireNonNull(fullInsert, "fullInsert is null");
        dropFull = List.copyOf(dropFull);
        requireNonNull(createDelta, "createDelta is null");
        requireNonNull(deltaInsert, "deltaInsert is null");
        requireNonNull(deltaHours, "deltaHours is null");
        addDelta = List.copyOf(addDelta);
        dropDelta = List.copyOf(dropDelta);
    }

    /** The statements of the default view (batch_view). */
    static RunStatements of(Warehouse warehouse) {
        return of(warehouse, ViewCatalog.shipped().defaultView());
    }

    /** The statements of {@code view}: its tables, {@code <batch table>_full} and {@code <batch table>_delta}. */
    static RunStatements of(Warehouse warehouse, NamedView view) {
        ViewDefinition definition = view.definition();
        String fullTable = view.batchTable() + FULL_SUFFIX;
        String deltaTable = view.batchTable() + DELTA_SUFFIX;
        String create = warehouse.createTemporaryTableAs(fullTable,
                RecomputeSql.fullViewQuery(warehouse, definition, CUTOFF_MARK));
        int mark = create.indexOf(CUTOFF_MARK);
        TableRewrite rewrite = warehouse.rewrite(view.batchTable());
        String columns = String.join(", ", definition.allColumns());
        return new RunStatements(create.substring(0, mark), create.substring(mark + CUTOFF_MARK.length()),
                RecomputeSql.eventsIn(definition, fullTable),
                rewrite,
                RecomputeSql.insertInto(definition, rewrite.target(), "SELECT " + columns + " FROM " + fullTable),
                warehouse.dropTemporaryTable(fullTable),
                warehouse.createTemporaryTable(deltaTable, view.batchTable()),
                RecomputeSql.insertInto(definition, deltaTable, RecomputeSql.deltaQuery(warehouse, definition)),
                RecomputeSql.eventsByTime(definition, deltaTable),
                warehouse.addRows(view.batchTable(), deltaTable, definition.dimensionColumns(),
                        definition.measureColumns()),
                warehouse.dropTemporaryTable(deltaTable));
    }

    /** The full view of the first copies ingested before {@code cutoff} into the view's full table. */
    String createFull(Instant cutoff) {
        return fullCreate + UtcTimestamps.literal(cutoff) + fullCreateEnd;
    }
}
