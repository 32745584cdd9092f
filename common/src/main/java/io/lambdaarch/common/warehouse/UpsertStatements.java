package io.lambdaarch.common.warehouse;

import java.util.List;

/**
 * An upsert as a warehouse runs it: {@link #before()}, then {@link #insertRows} once per chunk of rows (bound in
 * {@link UpsertTarget#columns()} order), then {@link #after()}. Rows with the same key must not share one upsert.
 */
public interface UpsertStatements {
    /** Statements before the first chunk. */
    List<String> before();

    /** The multi-row statement for a chunk of {@code rows} rows; its update count is the rows it wrote. */
    String insertRows(int rows);

    /** Statements after the last chunk. */
    List<String> after();
}
