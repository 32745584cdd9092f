package io.lambdaarch.common.warehouse;

import java.util.List;

/**
 * An upsert as a warehouse runs it: {@link #before()}, then {@link #insertRows} once per chunk of rows (bound in
 * {@link UpsertTarget#columns()} order) or {@link #insertSelected} once, then {@link #after()}. Rows with the same key
 * must not share one upsert.
 */
public interface UpsertStatements {
    /** Statements before the first chunk. */
    List<String> before();

    /** The multi-row statement for a chunk of {@code rows} rows; its update count is the rows it wrote. */
    String insertRows(int rows);

    /**
     * The statement that upserts the rows {@code query} selects (in {@link UpsertTarget#columns()} order, no two with
     * one key), run between {@link #before()} and {@link #after()} instead of {@link #insertRows}; its bind
     * parameters are the query's. Its update count is the rows it wrote.
     */
    String insertSelected(String query);

    /** Statements after the last chunk. */
    List<String> after();
}
