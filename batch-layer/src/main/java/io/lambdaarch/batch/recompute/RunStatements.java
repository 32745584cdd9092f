package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.warehouse.TableRewrite;
import io.lambdaarch.common.warehouse.Warehouse;
import java.util.List;

/**
 * Every statement a batch run executes on batch_view, generated once per job from {@link TweetView#DEFINITION} and
 * the warehouse ({@link RecomputeSql}): they depend on nothing else, so a run's transaction only executes them. Timed
 * runs showed generating them inside the run cost as much as a tenth of a full recompute on a fresh JVM (its first
 * streams and string concatenations), time the CREATE TABLE AS baseline does not pay either
 * (docs/batch-layer.md#what-a-full-recompute-costs).
 *
 * @param fullRewrite how batch_view's rows are replaced (DELETE then INSERT, in the run's transaction)
 * @param fullInsert the rows of every first copy before the cutoff ({@code ?}) into the rewrite's target
 * @param eventsInView the first copies batch_view's rows count
 * @param createDelta the temporary delta table of an incremental run
 * @param deltaInsert the rows of the first copies in {@code [?, ?)} into the delta
 * @param deltaHours the delta's event hours and the first copies each counts
 * @param addDelta the delta added to batch_view by key
 * @param dropDelta what drops the delta before commit (nothing where commit drops it)
 */
record RunStatements(TableRewrite fullRewrite, String fullInsert, String eventsInView, String createDelta,
        String deltaInsert, String deltaHours, List<String> addDelta, List<String> dropDelta) {
    static final String DELTA_TABLE = "batch_view_delta";

    RunStatements {
        requireNonNull(fullRewrite, "fullRewrite is null");
        requireNonNull(fullInsert, "fullInsert is null");
        requireNonNull(eventsInView, "eventsInView is null");
        requireNonNull(createDelta, "createDelta is null");
        requireNonNull(deltaInsert, "deltaInsert is null");
        requireNonNull(deltaHours, "deltaHours is null");
        addDelta = List.copyOf(addDelta);
        dropDelta = List.copyOf(dropDelta);
    }

    static RunStatements of(Warehouse warehouse) {
        TableRewrite rewrite = warehouse.rewrite(Tables.BATCH_VIEW);
        return new RunStatements(rewrite,
                RecomputeSql.insertInto(rewrite.target(), RecomputeSql.fullViewQuery(warehouse)),
                RecomputeSql.eventsIn(Tables.BATCH_VIEW),
                warehouse.createTemporaryTable(DELTA_TABLE, Tables.BATCH_VIEW),
                RecomputeSql.insertInto(DELTA_TABLE, RecomputeSql.deltaQuery(warehouse)),
                RecomputeSql.eventsByHour(DELTA_TABLE),
                warehouse.addRows(Tables.BATCH_VIEW, DELTA_TABLE, TweetView.DEFINITION.dimensionColumns(),
                        TweetView.DEFINITION.measureColumns()),
                warehouse.dropTemporaryTable(DELTA_TABLE));
    }
}
