package io.lambdaarch.batch.recompute;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.ViewQueries;
import java.util.List;

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

    /** The batch view's rows for the cutoff ({@code ?}): a plain GROUP BY over the first-copy index. */
    public static String fullViewQuery(ViewQueries queries) {
        return queries.aggregateQuery(VIEW, Tables.FIRST_COPIES, TweetView.INGEST_TIME + " < ?");
    }

    /**
     * What first copies ingested in {@code [?, ?)} (the previous cutoff, the new one) add to the batch view, by view
     * key: an incremental run's delta.
     */
    public static String deltaQuery(ViewQueries queries) {
        return queries.aggregateQuery(VIEW, Tables.FIRST_COPIES, TweetView.INGEST_TIME + " >= ? AND " + TweetView.INGEST_TIME + " < ?");
    }

    /** {@code INSERT INTO table (columns) <query>}. */
    public static String insertInto(String table, String query) {
        return insertInto(VIEW, table, query);
    }

    /** {@link #fullViewQuery(ViewQueries)} for {@code view}. */
    public static String fullViewQuery(ViewQueries queries, ViewDefinition view) {
        return queries.aggregateQuery(view, Tables.FIRST_COPIES, TweetView.INGEST_TIME + " < ?");
    }

    /** {@link #deltaQuery(ViewQueries)} for {@code view}. */
    public static String deltaQuery(ViewQueries queries, ViewDefinition view) {
        return queries.aggregateQuery(view, Tables.FIRST_COPIES, TweetView.INGEST_TIME + " >= ? AND " + TweetView.INGEST_TIME
                + " < ?");
    }

    /** {@code INSERT INTO table (view's columns) <query>}. */
    public static String insertInto(ViewDefinition view, String table, String query) {
        return "INSERT INTO " + table + " (" + String.join(", ", view.allColumns()) + ") " + query;
    }
}
