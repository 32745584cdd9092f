package io.lambdaarch.common.warehouse;

import java.sql.SQLException;

/**
 * A bulk load into one table, inside the caller's transaction, that runs while its data is being produced: where the
 * warehouse takes rows from the client (PostgreSQL's {@code COPY FROM STDIN}) they stream through {@link #write} as
 * they are made; where it reads S3 itself (Redshift) {@link #finish} loads the files written meanwhile, through their
 * manifest. Nothing commits here.
 *
 * <p>Not thread-safe: one thread writes and finishes (the one that owns the connection).
 */
public interface TableLoad extends AutoCloseable {
    /** True when rows go through {@link #write}; false when {@link #finish} loads the files of its source instead. */
    boolean streamsRows();

    /**
     * Sends {@code length} bytes of whole CSV lines (quoted text, UTF-8, in the order of the load's columns). Only
     * when {@link #streamsRows()}.
     */
    void write(byte[] csv, int offset, int length) throws SQLException;

    /**
     * Ends the load and returns the rows it loaded: those written (the {@code files} are then only named in messages),
     * or those the warehouse read from {@code files}.
     */
    long finish(CopySource files, CopyListener listener) throws SQLException;

    /** Abandons a load that did not finish (the caller rolls the transaction back); a no-op after {@link #finish}. */
    @Override
    void close();
}
