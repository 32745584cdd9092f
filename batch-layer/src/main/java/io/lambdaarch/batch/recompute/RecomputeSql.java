package io.lambdaarch.batch.recompute;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.ViewQueries;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of a batch run, generated from {@link TweetView#DEFINITION} and aggregated by the warehouse's
 * {@link ViewQueries#aggregateQuery}: a full recompute and an incremental run read the first-copy index
 * ({@link Tables#FIRST_COPIES}) with no deduplication of their own. The queries over raw_batch below deduplicate it
 * themselves (one per event id, the copy with the earliest ingest time, docs/design.md#duplicates), for the overflow
 * diagnosis, which must explain a failure without trusting the index.
 *
 * <p>Filtering before deduplicating gives the same answer as deduplicating all history first: an id's earliest copy
 * is before the cutoff exactly when some copy is. Ties on ingest time (two partitions, same millisecond) go to the
 * lower (partition, offset), so every recompute picks the same copy.
 */
public final class RecomputeSql {
    private static final ViewDefinition VIEW = TweetView.DEFINITION;

    private RecomputeSql() {
    }

    /** The first copy of every event id ingested before the cutoff ({@code ?}), with the columns the view reads. */
    public static String firstCopiesBeforeCutoff() {
        return firstCopiesBeforeCutoff(VIEW.sourceColumns());
    }

    /** As {@link #firstCopiesBeforeCutoff()}, with {@code sourceColumns} of raw_batch. */
    public static String firstCopiesBeforeCutoff(List<String> sourceColumns) {
        String columns = String.join(", ", sourceColumns);
        return "SELECT " + columns + " FROM (SELECT " + columns + ", ROW_NUMBER() OVER (PARTITION BY " + TweetView.EVENT_ID
                + " ORDER BY " + TweetView.INGEST_TIME + ", kafka_partition, kafka_offset) AS copy_rank FROM " + Tables.RAW_BATCH
                + " WHERE " + TweetView.INGEST_TIME + " < ?) ranked WHERE copy_rank = 1";
    }

    /**
     * {@code SELECT <time dimension> AS event_hour, SUM(<count measure>) AS events FROM table GROUP BY 1}: the times of
     * freshly aggregated view rows and how many source rows each counts. Every source row is counted in exactly one
     * group, so the events add up to the rows the aggregation read: a run learns its rows_in from its few view rows
     * instead of a second pass over the first copies. A view without a COUNT measure reports 0 events (only the
     * default view's count goes into batch_runs). Empty when the view has no time dimension.
     */
    public static Optional<String> eventsByTime(ViewDefinition view, String table) {
        return view.dimensions().stream().filter(d -> d.grain() != TimeGrain.NONE).findFirst()
                .map(time -> "SELECT " + time.column() + " AS " + TweetView.EVENT_HOUR + ", " + countSum(view)
                        + " AS events FROM " + table + " GROUP BY " + time.column());
    }

    /** {@code SELECT SUM(<count measure>) AS events FROM table}: the source rows the view rows in {@code table} count. */
    public static String eventsIn(ViewDefinition view, String table) {
        return "SELECT " + countSum(view) + " AS events FROM " + table;
    }

    private static String countSum(ViewDefinition view) {
        return view.measures().stream().filter(m -> m.aggregation() == Aggregation.COUNT).map(Measure::column).findFirst()
                .map(column -> "SUM(" + column + ")").orElse("0");
    }

    /**
     * The rows of {@code view} for the cutoff ({@code cutoff}: a literal, as a CREATE TABLE AS takes no bind parameter):
     * a plain GROUP BY over the first-copy index.
     */
    public static String fullViewQuery(ViewQueries queries, ViewDefinition view, String cutoff) {
        return queries.aggregateQuery(view, Tables.FIRST_COPIES, TweetView.INGEST_TIME + " < " + cutoff);
    }

    /**
     * What first copies ingested in {@code [?, ?)} (the previous cutoff, the new one) add to {@code view}, by view key:
     * an incremental run's delta.
     */
    public static String deltaQuery(ViewQueries queries, ViewDefinition view) {
        return queries.aggregateQuery(view, Tables.FIRST_COPIES, TweetView.INGEST_TIME + " >= ? AND " + TweetView.INGEST_TIME
                + " < ?");
    }

    /** {@code INSERT INTO table (view's columns) <query>}. */
    public static String insertInto(ViewDefinition view, String table, String query) {
        return "INSERT INTO " + table + " (" + String.join(", ", view.allColumns()) + ") " + query;
    }
}
