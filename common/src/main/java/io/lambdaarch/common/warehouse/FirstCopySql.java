package io.lambdaarch.common.warehouse;

import io.lambdaarch.common.sql.Tables;
import java.util.List;
import java.util.stream.Collectors;

/**
 * SQL both warehouses share for the first-copy index ({@link Tables#FIRST_COPIES}): which raw_batch columns it keeps,
 * how the first copy of an id is picked among new rows, and when a new copy beats the one indexed. The order is the
 * one docs/design.md#duplicates gives: earliest ingest time, ties to the lower Kafka partition, then the lower offset.
 */
final class FirstCopySql {
    /** The index's columns, the same names and types as in raw_batch. */
    static final List<String> COLUMNS = Tables.RAW_COLUMNS;
    /** The columns an indexed copy may be replaced in (all but the key). */
    static final List<String> VALUE_COLUMNS = COLUMNS.subList(1, COLUMNS.size());

    private FirstCopySql() {
    }

    /** The first copy of every event id among the raw_batch rows matching {@code newRows} (a predicate on raw_batch). */
    static String firstOfNewRows(String newRows) {
        String columns = String.join(", ", COLUMNS);
        return "SELECT " + columns + " FROM (SELECT " + columns + ", ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY"
                + " ingest_time, kafka_partition, kafka_offset) AS copy_rank FROM " + Tables.RAW_BATCH + " WHERE " + newRows
                + ") ranked WHERE copy_rank = 1";
    }

    /**
     * True when copy {@code candidate} comes before copy {@code indexed} (table aliases). Written out rather than as a
     * row comparison, which Redshift lacks.
     */
    static String comesBefore(String candidate, String indexed) {
        return "(" + candidate + ".ingest_time < " + indexed + ".ingest_time OR (" + candidate + ".ingest_time = " + indexed
                + ".ingest_time AND (" + candidate + ".kafka_partition < " + indexed + ".kafka_partition OR ("
                + candidate + ".kafka_partition = " + indexed + ".kafka_partition AND " + candidate + ".kafka_offset < "
                + indexed + ".kafka_offset))))";
    }

    /** {@code c1 = source.c1, ...} for every value column. */
    static String setValuesFrom(String source) {
        return VALUE_COLUMNS.stream().map(c -> c + " = " + source + "." + c).collect(Collectors.joining(", "));
    }

    /** {@code source.c1, source.c2, ...} for every column. */
    static String valuesFrom(String source) {
        return COLUMNS.stream().map(c -> source + "." + c).collect(Collectors.joining(", "));
    }

    /** {@code t.m = t.m + source.m, ...}: what adding a delta row to a matched row sets. */
    static String addMeasures(String table, String source, List<String> measureColumns) {
        return measureColumns.stream().map(c -> c + " = " + table + "." + c + " + " + source + "." + c)
                .collect(Collectors.joining(", "));
    }
}
