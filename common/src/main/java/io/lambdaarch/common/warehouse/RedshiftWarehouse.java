package io.lambdaarch.common.warehouse;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.Measure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Amazon Redshift (provisioned or Serverless). COPY reads the files from S3 itself, one {@code COPY ... MANIFEST}
 * per load (the manifest lists exactly its files), with an IAM role, GZIP and a JSONPaths file. TRUNCATE commits
 * implicitly, so a table is never emptied in place: a new one is built beside it and the names swapped, all in the
 * caller's transaction; views over such tables are therefore late-binding ({@code WITH NO SCHEMA BINDING}), or the
 * drop of the old table fails.
 */
public final class RedshiftWarehouse implements Warehouse {

    @Override
    public WarehouseKind kind() {
        return WarehouseKind.REDSHIFT;
    }

    @Override
    public String displayName() {
        return "Amazon Redshift";
    }

    @Override
    public String driverClassName() {
        return "com.amazon.redshift.jdbc42.Driver";
    }

    @Override
    public String ddlDirectory() {
        return "sql/redshift";
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET TIME ZONE 'UTC'");
    }

    /** Redshift's widest exact type; its SUM of a BIGINT is a BIGINT, so each value is widened first. */
    @Override
    public String measureType() {
        return "DECIMAL(" + Measure.PRECISION + ", 0)";
    }

    @Override
    public String snapshotIsolation() {
        // Redshift runs every transaction serializable (snapshot isolation) and knows no other level.
        return "TRANSACTION_SERIALIZABLE";
    }

    @Override
    public String tableInView(String schema, String table) {
        // A late-binding view must name its tables with their schema.
        return schema + "." + table;
    }

    @Override
    public String createViewStatement(String view, String query) {
        // Late binding: the tables under the view may be rebuilt by swapping tables without dropping this view.
        return "CREATE OR REPLACE VIEW " + view + " AS\n" + query + "\nWITH NO SCHEMA BINDING";
    }

    @Override
    public String viewScriptTitle(String schema) {
        return displayName() + " (late-binding, so the tables are schema-qualified: schema " + schema + ")";
    }

    @Override
    public String viewSchema(Connection connection, String schema) {
        return schema;
    }

    /**
     * Drops a leftover next table (DDL is transactional, so only a failed earlier swap leaves one), creates a new one
     * ({@code LIKE} keeps the DISTSTYLE and SORTKEY of sql/redshift/schema.sql), and swaps it in after the insert.
     */
    @Override
    public TableRewrite rewrite(String table) {
        String next = table + "_next";
        String previous = table + "_previous";
        return new TableRewrite(
                List.of("DROP TABLE IF EXISTS " + next, "CREATE TABLE " + next + " (LIKE " + table + ")"),
                next,
                List.of("ALTER TABLE " + table + " RENAME TO " + previous,
                        "ALTER TABLE " + next + " RENAME TO " + table,
                        "DROP TABLE " + previous));
    }

    @Override
    public List<String> concurrentWriteSetup(String table) {
        // Taken before the transaction's snapshot: Redshift's advice against serializable isolation violations (1023).
        return List.of("LOCK " + table);
    }

    @Override
    public String deleteAllRows(String table) {
        // TRUNCATE would commit the caller's transaction.
        return "DELETE FROM " + table;
    }

    @Override
    public String createTemporaryTable(String name, String likeTable) {
        return "CREATE TEMPORARY TABLE " + name + " (LIKE " + likeTable + ")";
    }

    @Override
    public List<String> dropTemporaryTable(String name) {
        return List.of("DROP TABLE " + name);
    }

    @Override
    public UpsertStatements upsert(UpsertTarget target) {
        return new RedshiftUpsert(target);
    }

    @Override
    public boolean copyReadsS3() {
        return true;
    }

    /** {@code COPY table (columns) FROM manifest IAM_ROLE ... MANIFEST GZIP FORMAT AS JSON jsonpaths ...}. */
    // Visible for testing
    static String copyStatement(String table, List<String> columns, CopySource source) {
        String iamRole = source.iamRole().orElseThrow(() -> new TerseException("Redshift's COPY needs an IAM role"));
        return "COPY " + table + " (" + String.join(", ", columns) + ")"
                + " FROM " + literal(source.manifestUrl())
                + " IAM_ROLE " + literal(iamRole)
                + " MANIFEST GZIP"
                + " FORMAT AS JSON " + literal(source.jsonPathsUrl())
                + " TIMEFORMAT 'auto'"
                + source.region().map(r -> " REGION " + literal(r)).orElse("")
                // Automatic table maintenance analyzes later; per-COPY compression analysis would slow every load.
                + " COMPUPDATE OFF STATUPDATE OFF";
    }

    /** Redshift's COPY reads S3 itself: the load is the manifest COPY of the files written while it was open. */
    @Override
    public TableLoad load(Connection connection, String table, List<String> columns) {
        return new RedshiftManifestLoad(this, connection, table, columns);
    }

    @Override
    public long copy(Connection connection, String table, List<String> columns, CopySource source, CopyListener listener)
            throws SQLException {
        if (source.files().isEmpty()) {
            return 0;
        }
        long rows;
        try (Statement statement = connection.createStatement()) {
            statement.execute(copyStatement(table, columns, source));
            try (ResultSet count = statement.executeQuery("SELECT pg_last_copy_count()")) {
                count.next();
                rows = count.getLong(1);
            }
        }
        if (source.files().stream().allMatch(f -> f.rows().isPresent())) {
            long expected = source.files().stream().map(CopyFile::rows).mapToLong(OptionalLong::getAsLong).sum();
            if (rows != expected) {
                throw new TerseException("COPY from " + source.manifestUrl() + " loaded " + rows + " rows, but " + expected
                        + " were written to its files");
            }
        }
        listener.loaded(source.manifestUrl(), rows);
        return rows;
    }

    @Override
    public WarehouseLock lock(long advisoryKey, String lockTable) {
        return new RedshiftTableLock(lockTable);
    }

    /**
     * Rebuilds each table and swaps it in ({@link MeasureColumnsUpgrade#rebuild}): Redshift cannot change a BIGINT
     * column's type. serving_view, late-binding, survives the swap but casts to BIGINT, so it is created again when it
     * exists beside the tables.
     */
    @Override
    public List<String> widenMeasureColumns(Statement statement, List<String> narrowTables,
            List<String> schemaStatements, List<String> servingView) throws SQLException {
        // The shipped file names the tables in schema public (ServingViewSql qualifies them for late binding); the
        // tables upgraded here are in the current schema, and serving_view is created beside them.
        List<String> again = servingViewSchema(statement)
                .map(name -> servingView.stream().map(sql -> sql.replace("public.", name + ".")).toList())
                .orElse(List.of());
        return MeasureColumnsUpgrade.of().rebuild(narrowTables, schemaStatements, again);
    }

    /** The current schema, if serving_view exists in it. */
    private static Optional<String> servingViewSchema(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relkind = 'v' AND c.relname = '" + Tables.SERVING_VIEW + "'"
                + " AND n.nspname = current_schema()")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
