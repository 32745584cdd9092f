package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.TableRewrite;
import io.lambdaarch.common.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;

/**
 * Every statement a batch run executes on batch_view, generated once per job from {@link TweetView#DEFINITION} and
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
 * @param deltaHours the delta's event hours and the first copies each counts
 * @param addDelta the delta added to batch_view by key
 * @param dropDelta what drops the delta before commit (nothing where commit drops it)
 */
record RunStatements(String fullCreate, String fullCreateEnd, String eventsInFull, TableRewrite fullRewrite,
        String fullInsert, List<String> dropFull, String createDelta, String deltaInsert, String deltaHours,
        List<String> addDelta, List<String> dropDelta) {
    static final String FULL_TABLE = "batch_view_full";
    static final String DELTA_TABLE = "batch_view_delta";
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

    static RunStatements of(Warehouse warehouse) {
        String create = warehouse.createTemporaryTableAs(FULL_TABLE, RecomputeSql.fullViewQuery(warehouse, CUTOFF_MARK));
        int mark = create.indexOf(CUTOFF_MARK);
        TableRewrite rewrite = warehouse.rewrite(Tables.BATCH_VIEW);
        String columns = String.join(", ", TweetView.DEFINITION.allColumns());
        return new RunStatements(create.substring(0, mark), create.substring(mark + CUTOFF_MARK.length()),
                RecomputeSql.eventsIn(FULL_TABLE),
                rewrite,
                RecomputeSql.insertInto(rewrite.target(), "SELECT " + columns + " FROM " + FULL_TABLE),
                warehouse.dropTemporaryTable(FULL_TABLE),
                warehouse.createTemporaryTable(DELTA_TABLE, Tables.BATCH_VIEW),
                RecomputeSql.insertInto(DELTA_TABLE, RecomputeSql.deltaQuery(warehouse)),
                RecomputeSql.eventsByHour(DELTA_TABLE),
                warehouse.addRows(Tables.BATCH_VIEW, DELTA_TABLE, TweetView.DEFINITION.dimensionColumns(),
                        TweetView.DEFINITION.measureColumns()),
                warehouse.dropTemporaryTable(DELTA_TABLE));
    }

    /** The full view of the first copies ingested before {@code cutoff} into {@link #FULL_TABLE}. */
    String createFull(Instant cutoff) {
        return fullCreate + UtcTimestamps.literal(cutoff) + fullCreateEnd;
    }
}
