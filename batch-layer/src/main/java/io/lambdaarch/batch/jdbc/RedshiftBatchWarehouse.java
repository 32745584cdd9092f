package io.lambdaarch.batch.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.archive.ArchiveFile;
import io.lambdaarch.batch.archive.ArchiveKeys;
import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.batch.archive.Manifests;
import io.lambdaarch.batch.recompute.RecomputeSql;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.RedshiftDialect;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Amazon Redshift: the cluster reads the archive itself, with one {@code COPY ... MANIFEST} per run (the manifest
 * lists exactly the run's files), an IAM role, GZIP and a JSONPaths file mapping lines to raw_batch's columns.
 *
 * <p>TRUNCATE commits implicitly in Redshift, so the batch view is never emptied in place: a new table is built
 * ({@code CREATE TABLE ... (LIKE batch_view)} keeps the DISTSTYLE and SORTKEY of sql/redshift/schema.sql), then the
 * names are swapped and the old table dropped, all inside the caller's transaction. A view over batch_view must
 * therefore be late-binding ({@code WITH NO SCHEMA BINDING}), or the drop fails.
 */
public final class RedshiftBatchWarehouse implements BatchWarehouse {
    static final String NEXT_VIEW = Tables.BATCH_VIEW + "_next";
    static final String PREVIOUS_VIEW = Tables.BATCH_VIEW + "_previous";

    private final ArchiveStore store;
    private final String iamRole;
    private final Optional<String> region;
    private final RedshiftDialect dialect = new RedshiftDialect();

    /**
     * @param region the bucket's region for COPY's REGION clause; empty when the bucket is in the cluster's own region
     *     (COPY's default)
     */
    public RedshiftBatchWarehouse(ArchiveStore store, String iamRole, Optional<String> region) {
        this.store = requireNonNull(store, "store is null");
        this.iamRole = requireNonNull(iamRole, "iamRole is null");
        this.region = requireNonNull(region, "region is null");
    }

    @Override
    public void prepareArchive() {
        store.putBytes(ArchiveKeys.RAW_BATCH_JSONPATHS, Manifests.rawBatchJsonPaths(), "application/json");
    }

    @Override
    public long loadRunFiles(Connection connection, List<ArchiveFile> files, String manifestKey, LoadListener listener)
            throws SQLException {
        if (files.isEmpty()) {
            return 0;
        }
        long rows = copy(connection, Tables.RAW_BATCH, manifestKey);
        long expected = files.stream().mapToLong(ArchiveFile::records).sum();
        if (rows != expected) {
            throw new TerseException("COPY from " + store.url(manifestKey) + " loaded " + rows + " rows, but " + expected
                    + " were written to its files");
        }
        listener.loaded(manifestKey, rows);
        return rows;
    }

    @Override
    public long rebuildRawBatch(Connection connection, List<String> keys, String manifestKey, String topic,
            LoadListener listener) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + ReplaySql.STAGING_TABLE + " (LIKE " + Tables.RAW_BATCH + ")");
        }
        if (!keys.isEmpty()) {
            listener.loaded(manifestKey, copy(connection, ReplaySql.STAGING_TABLE, manifestKey));
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + Tables.RAW_BATCH);
        }
        long rows;
        try (PreparedStatement insert = connection.prepareStatement(ReplaySql.insertFromStaging())) {
            insert.setString(1, topic);
            rows = insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE " + ReplaySql.STAGING_TABLE);
        }
        return rows;
    }

    @Override
    public long replaceBatchView(Connection connection, Instant cutoff) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : prepareNextViewStatements()) {
                statement.execute(sql);
            }
        }
        long rows;
        try (PreparedStatement insert = connection.prepareStatement(RecomputeSql.insertView(dialect, NEXT_VIEW))) {
            insert.setObject(1, UtcTimestamps.utc(cutoff));
            rows = insert.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : swapStatements()) {
                statement.execute(sql);
            }
        }
        return rows;
    }

    /** Drops a leftover next table (DDL is transactional, so only a failed earlier swap leaves none), creates a new one. */
    // Visible for testing
    static List<String> prepareNextViewStatements() {
        return List.of("DROP TABLE IF EXISTS " + NEXT_VIEW, "CREATE TABLE " + NEXT_VIEW + " (LIKE " + Tables.BATCH_VIEW + ")");
    }

    /** Swaps the new table in under batch_view's name and drops the old one. */
    // Visible for testing
    static List<String> swapStatements() {
        return List.of(
                "ALTER TABLE " + Tables.BATCH_VIEW + " RENAME TO " + PREVIOUS_VIEW,
                "ALTER TABLE " + NEXT_VIEW + " RENAME TO " + Tables.BATCH_VIEW,
                "DROP TABLE " + PREVIOUS_VIEW);
    }

    /** {@code COPY table (columns) FROM manifest IAM_ROLE ... MANIFEST GZIP FORMAT AS JSON jsonpaths ...}. */
    // Visible for testing
    String copyStatement(String table, String manifestKey) {
        return "COPY " + table + " (" + String.join(", ", ArchiveLines.RAW_BATCH_COLUMNS) + ")"
                + " FROM " + literal(store.url(manifestKey))
                + " IAM_ROLE " + literal(iamRole)
                + " MANIFEST GZIP"
                + " FORMAT AS JSON " + literal(store.url(ArchiveKeys.RAW_BATCH_JSONPATHS))
                + " TIMEFORMAT 'auto'"
                + region.map(r -> " REGION " + literal(r)).orElse("")
                // Automatic table maintenance analyzes later; per-COPY compression analysis would slow every run.
                + " COMPUPDATE OFF STATUPDATE OFF";
    }

    private long copy(Connection connection, String table, String manifestKey) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(copyStatement(table, manifestKey));
            try (ResultSet count = statement.executeQuery("SELECT pg_last_copy_count()")) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
