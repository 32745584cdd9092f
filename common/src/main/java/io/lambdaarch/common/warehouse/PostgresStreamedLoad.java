package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * A {@code COPY ... FROM STDIN} that is open while its rows are produced: each block of CSV lines goes to the server
 * as it comes (pgjdbc's {@link CopyIn}), so no file is written and read back, and the client holds one block at a
 * time. The rows become visible only when the caller's transaction commits.
 *
 * <p>Not thread-safe.
 */
final class PostgresStreamedLoad implements TableLoad {
    private final CopyIn copyIn;
    private final String table;
    private final byte[] buffer;
    private int buffered;

    /** @param bufferBytes small writes are gathered up to this size before they go to the socket */
    PostgresStreamedLoad(CopyIn copyIn, String table, int bufferBytes) {
        this.copyIn = requireNonNull(copyIn, "copyIn is null");
        this.table = requireNonNull(table, "table is null");
        this.buffer = new byte[bufferBytes];
    }

    @Override
    public boolean streamsRows() {
        return true;
    }

    @Override
    public void write(byte[] csv, int offset, int length) throws SQLException {
        if (buffered + length > buffer.length) {
            flush();
        }
        if (length >= buffer.length) {
            copyIn.writeToCopy(csv, offset, length);
        } else {
            System.arraycopy(csv, offset, buffer, buffered, length);
            buffered += length;
        }
    }

    @Override
    public long finish(CopySource files, CopyListener listener) throws SQLException {
        flush();
        long rows = copyIn.endCopy();
        listener.loaded("COPY " + table + " FROM STDIN", rows);
        return rows;
    }

    @Override
    public void close() {
        try {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        } catch (SQLException e) {
            // the caller rolls the transaction back anyway
        }
    }

    private void flush() throws SQLException {
        if (buffered > 0) {
            copyIn.writeToCopy(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
