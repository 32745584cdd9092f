package io.lambdaarch.batch.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveFile;
import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.batch.archive.ArchiveReader;
import io.lambdaarch.batch.recompute.RecomputeSql;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.PostgresDialect;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * PostgreSQL: every archive object is streamed from S3, gunzipped, read line by line and fed to
 * {@code COPY ... FROM STDIN} through pgjdbc's CopyManager, so the job never holds more than a small buffer. The batch
 * view is replaced with DELETE + INSERT in the caller's transaction: readers see the old rows until commit, and
 * views over batch_view (serving_view) keep pointing at the same table, which a rename would break in PostgreSQL.
 */
public final class PostgresBatchWarehouse implements BatchWarehouse {
    private static final int COPY_BUFFER = 256 * 1024;

    private final ArchiveStore store;
    private final PostgresDialect dialect = new PostgresDialect();

    public PostgresBatchWarehouse(ArchiveStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void prepareArchive() {
        // COPY FROM STDIN needs nothing in S3 besides the data.
    }

    @Override
    public long loadRunFiles(Connection connection, List<ArchiveFile> files, String manifestKey, LoadListener listener)
            throws SQLException {
        long total = 0;
        for (ArchiveFile file : files) {
            long rows = copy(connection, Tables.RAW_BATCH, file.key());
            if (rows != file.records()) {
                throw new TerseException("Archive file " + store.url(file.key()) + " loaded " + rows + " rows, but "
                        + file.records() + " were written to it");
            }
            total += rows;
            listener.loaded(file.key(), rows);
        }
        return total;
    }

    @Override
    public long rebuildRawBatch(Connection connection, List<String> keys, String manifestKey, String topic,
            LoadListener listener) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + ReplaySql.STAGING_TABLE + " (LIKE " + Tables.RAW_BATCH
                    + ") ON COMMIT DROP");
        }
        for (String key : keys) {
            listener.loaded(key, copy(connection, ReplaySql.STAGING_TABLE, key));
        }
        try (Statement statement = connection.createStatement()) {
            // TRUNCATE is transactional in PostgreSQL: a failure before commit leaves the old raw_batch in place.
            statement.execute("TRUNCATE " + Tables.RAW_BATCH);
        }
        try (PreparedStatement insert = connection.prepareStatement(ReplaySql.insertFromStaging())) {
            insert.setString(1, topic);
            return insert.executeUpdate();
        }
    }

    @Override
    public long replaceBatchView(Connection connection, Instant cutoff) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + Tables.BATCH_VIEW);
        }
        try (PreparedStatement insert = connection.prepareStatement(RecomputeSql.insertView(dialect, Tables.BATCH_VIEW))) {
            insert.setObject(1, UtcTimestamps.utc(cutoff));
            return insert.executeUpdate();
        }
    }

    /** The COPY statement filling {@code table} from CSV on standard input. */
    // Visible for testing
    static String copyStatement(String table) {
        return "COPY " + table + " (" + String.join(", ", ArchiveLines.RAW_BATCH_COLUMNS) + ") FROM STDIN WITH (FORMAT csv)";
    }

    private long copy(Connection connection, String table, String key) throws SQLException {
        CopyManager copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
        CopyIn copyIn = copyManager.copyIn(copyStatement(table));
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(COPY_BUFFER + 4096);
        try {
            new ArchiveReader(store).readRaw(key, row -> {
                CsvRowEncoder.encode(row, buffer);
                if (buffer.size() >= COPY_BUFFER) {
                    write(copyIn, buffer);
                }
            });
            write(copyIn, buffer);
            return copyIn.endCopy();
        } catch (SQLException | RuntimeException e) {
            cancelQuietly(copyIn);
            throw e;
        } catch (Exception e) {
            cancelQuietly(copyIn);
            throw new SQLException("COPY of " + store.url(key) + " failed: " + e.getMessage(), e);
        }
    }

    private static void write(CopyIn copyIn, ByteArrayOutputStream buffer) throws SQLException {
        if (buffer.size() > 0) {
            byte[] bytes = buffer.toByteArray();
            copyIn.writeToCopy(bytes, 0, bytes.length);
            buffer.reset();
        }
    }

    private static void cancelQuietly(CopyIn copyIn) {
        try {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        } catch (SQLException e) {
            // the transaction is rolled back by the caller anyway
        }
    }
}
