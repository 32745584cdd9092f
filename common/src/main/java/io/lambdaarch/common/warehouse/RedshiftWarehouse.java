package io.lambdaarch.common.warehouse;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.Measure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Amazon Redshift (provisioned or Serverless). COPY reads the files from S3 itself, one {@code COPY ... MANIFEST}
 * per load (the manifest lists exactly its files), with an IAM role, GZIP and a JSONPaths file. TRUNCATE commits
 * implicitly, so a table is emptied with DELETE inside the caller's transaction; views stay late-binding
 * ({@code WITH NO SCHEMA BINDING}), which the schema upgrade's rebuild of narrow tables still needs.
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
     * DELETE, then the caller's INSERT, in one transaction: readers see the old rows until commit, and the table keeps
     * its identity. Building a new table and renaming it in broke readers with server-side prepared statements ("could
     * not open relation with OID"). Redshift's automatic vacuum reclaims the deleted rows in the background.
     */
    @Override
    public TableRewrite rewrite(String table) {
        return new TableRewrite(List.of("DELETE FROM " + table), table, List.of());
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
    public String createTemporaryTableAs(String name, String query) {
        return "CREATE TEMPORARY TABLE " + name + " AS " + query;
    }

    @Override
    public List<String> hashedGroupingSets(String statement) {
        return List.of(statement);
    }

    @Override
    public List<String> dropTemporaryTable(String name) {
        return List.of("DROP TABLE " + name);
    }

    @Override
    public UpsertStatements upsert(UpsertTarget target) {
        return new RedshiftUpsert(target);
    }

    /**
     * No {@code ON CONFLICT} here, and MERGE cannot skip a matched row on a condition: the new first copies go to a
     * staging table, those that an indexed copy precedes are dropped from it, and one MERGE writes the rest.
     */
    @Override
    public List<String> indexFirstCopies(String newRows) {
        String table = Tables.FIRST_COPIES;
        String stage = table + "_stage";
        return List.of("CREATE TEMP TABLE " + stage + " (LIKE " + table + ")",
                "INSERT INTO " + stage + " (" + String.join(", ", FirstCopySql.COLUMNS) + ") " + FirstCopySql.firstOfNewRows(newRows),
                "DELETE FROM " + stage + " USING " + table + " WHERE " + stage + ".event_id = " + table + ".event_id AND NOT "
                        + FirstCopySql.comesBefore(stage, table),
                "MERGE INTO " + table + " USING " + stage + " s ON " + table + ".event_id = s.event_id"
                        + " WHEN MATCHED THEN UPDATE SET " + FirstCopySql.setValuesFrom("s")
                        + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", FirstCopySql.COLUMNS) + ") VALUES ("
                        + FirstCopySql.valuesFrom("s") + ")",
                "DROP TABLE " + stage);
    }

    @Override
    public List<String> addRows(String table, String deltaTable, List<String> keyColumns, List<String> measureColumns) {
        List<String> columns = new ArrayList<>(keyColumns);
        columns.addAll(measureColumns);
        String on = keyColumns.stream().map(c -> table + "." + c + " = s." + c).collect(Collectors.joining(" AND "));
        return List.of("MERGE INTO " + table + " USING " + deltaTable + " s ON " + on
                + " WHEN MATCHED THEN UPDATE SET " + FirstCopySql.addMeasures(table, "s", measureColumns)
                + " WHEN NOT MATCHED THEN INSERT (" + String.join(", ", columns) + ") VALUES ("
                + columns.stream().map(c -> "s." + c).collect(Collectors.joining(", ")) + ")");
    }

    /** MERGE reads a table, not a query: the query's rows go through a temporary table, dropped before commit. */
    @Override
    public List<String> addQueryRows(String table, String query, String stagingTable, List<String> keyColumns,
            List<String> measureColumns) {
        List<String> statements = new ArrayList<>();
        statements.add(createTemporaryTableAs(stagingTable, query));
        statements.addAll(addRows(table, stagingTable, keyColumns, measureColumns));
        statements.addAll(dropTemporaryTable(stagingTable));
        return List.copyOf(statements);
    }

    @Override
    public boolean copyReadsS3() {
        return true;
    }

    @Override
    public String viewTableLayout(String sortColumn) {
        return " DISTSTYLE ALL SORTKEY (" + sortColumn + ")";
    }

    @Override
    public String speedTableLayout(String sortKey) {
        return "\nDISTSTYLE ALL\nCOMPOUND SORTKEY (" + sortKey + ")";
    }

    @Override
    public String speedStagingTableLayout(String sortKey) {
        return "\nDISTSTYLE EVEN\nCOMPOUND SORTKEY (" + sortKey + ")";
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
                // Only lang can be longer than its column (sent as any text; views keep its first 256 code points).
                + " TRUNCATECOLUMNS"
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
