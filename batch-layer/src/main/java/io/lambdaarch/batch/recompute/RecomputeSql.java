package io.lambdaarch.batch.recompute;

import io.lambdaarch.common.sql.SqlDialect;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import java.util.List;

/**
 * The SQL of a recompute, generated from {@link TweetView#DEFINITION}: the raw rows ingested before the cutoff,
 * one per event id (the copy with the earliest ingest time, docs/design.md#duplicates), aggregated by the dialect's
 * {@link SqlDialect#aggregateQuery}. The one parameter ({@code ?}) is the cutoff.
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

    /** The batch view's rows for the cutoff ({@code ?}). */
    public static String viewQuery(SqlDialect dialect) {
        return dialect.aggregateQuery(VIEW, "(" + firstCopiesBeforeCutoff() + ") first_copies", null);
    }

    /** {@code INSERT INTO table (columns) <view query>}, with the cutoff as its one parameter. */
    public static String insertView(SqlDialect dialect, String table) {
        return "INSERT INTO " + table + " (" + String.join(", ", VIEW.allColumns()) + ") " + viewQuery(dialect);
    }
}
