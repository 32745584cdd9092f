package io.lambdaarch.common.warehouse;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.SourceField;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * PostgreSQL, the warehouse of the local stack and the tests. COPY streams each file from the client (pgjdbc's
 * CopyManager), so the job holds no more than a small buffer; DDL and TRUNCATE are transactional, so a table is
 * rewritten in place, and views keep pointing at the same table, which a rename would break here.
 */
public final class PostgresWarehouse implements Warehouse {
    private static final int COPY_BUFFER = 256 * 1024;
    /** MERGE (the first-copy index, {@link #indexFirstCopies}) came with PostgreSQL 15. */
    static final int MINIMUM_MAJOR_VERSION = 15;
    /** work_mem for the first-copy index's sort: a server-side bound, in the landing transaction only. */
    static final String FIRST_COPIES_SORT_MEMORY = "64MB";
    /** hash_mem_multiplier for an aggregate over several grouping sets ({@link #hashedGroupingSets}): its maximum. */
    static final int GROUPING_SETS_HASH_MEM_MULTIPLIER = 1000;

    @Override
    public WarehouseKind kind() {
        return WarehouseKind.POSTGRES;
    }

    @Override
    public void requireSupportedServer(int majorVersion, String productVersion) {
        if (majorVersion < MINIMUM_MAJOR_VERSION) {
            throw new TerseException("the warehouse runs PostgreSQL " + productVersion + ", and lambda-arch needs PostgreSQL "
                    + MINIMUM_MAJOR_VERSION + " or later (its first-copy index is kept with MERGE)");
        }
    }

    @Override
    public String displayName() {
        return "PostgreSQL";
    }

    @Override
    public String driverClassName() {
        return "org.postgresql.Driver";
    }

    @Override
    public String ddlDirectory() {
        return "sql/postgres";
    }

    @Override
    public String bytewiseOrder(String column) {
        return column + " COLLATE \"C\"";
    }

    @Override
    public List<String> sessionSetup() {
        return List.of("SET TIME ZONE 'UTC'");
    }

    @Override
    public String measureType() {
        return "NUMERIC(" + Measure.PRECISION + ", 0)";
    }

    /**
     * lang grouped uncut, {@code COALESCE(lang, 'und')}, and cut to 256 code points on the grouped rows: LEFT on every
     * row was 4-8 % of the two shipped views' full aggregate (docs/batch-layer.md#a-time-dimension-grouped-once-at-the-finest-grain).
     */
    @Override
    public Optional<String> groupedSourceExpression(String sourceColumn) {
        if (sourceColumn.equals(SourceField.LANG.column())) {
            return Optional.of("COALESCE(" + sourceColumn + ", '" + SourceField.UNKNOWN_LANG + "')");
        }
        return Optional.empty();
    }

    /** PostgreSQL's SUM of a BIGINT is already an exact NUMERIC, and adds in 128 bits: faster than summing NUMERICs. */
    @Override
    public String sumOfBigint(String column) {
        return "SUM(" + column + ")";
    }

    @Override
    public String snapshotIsolation() {
        // REPEATABLE READ is snapshot isolation in PostgreSQL: every statement of a transaction sees one snapshot.
        return "TRANSACTION_REPEATABLE_READ";
    }

    @Override
    public String tableInView(String schema, String table) {
        // The view binds its names through the search path when it is created, as the tables were.
        return table;
    }

    @Override
    public String createViewStatement(String view, String query) {
        return "CREATE OR REPLACE VIEW " + view + " AS\n" + query;
    }

    @Override
    public String viewScriptTitle(String schema) {
        return displayName();
    }

    @Override
    public String viewSchema(Connection connection, String schema) throws SQLException {
        // Unqualified names are created in the first schema of the search path, as schema.sql's tables were.
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Override
    public TableRewrite rewrite(String table) {
        // Readers see the old rows until commit.
        return new TableRewrite(List.of("DELETE FROM " + table), table, List.of());
    }

    @Override
    public List<String> concurrentWriteSetup(String table) {
        return List.of();
    }

    @Override
    public String deleteAllRows(String table) {
        // TRUNCATE is transactional in PostgreSQL: a failure before commit leaves the old rows in place.
        return "TRUNCATE " + table;
    }

    @Override
    public String createTemporaryTable(String name, String likeTable) {
        return "CREATE TEMPORARY TABLE " + name + " (LIKE " + likeTable + ") ON COMMIT DROP";
    }

    @Override
    public String createTemporaryTableAs(String name, String query) {
        return "CREATE TEMPORARY TABLE " + name + " ON COMMIT DROP AS " + query;
    }

    /**
     * hash_mem is work_mem times hash_mem_multiplier; at its maximum (1000) the planner considers hashing every grouping
     * set of a few million estimated groups. Memory follows the groups actually met, and a hash aggregate that outgrows
     * hash_mem spills to disk (PostgreSQL 13 and later), so the setting only moves the plan. RESET after the statement:
     * the rest of the transaction plans with the session's own value.
     */
    @Override
    public List<String> hashedGroupingSets(String statement) {
        return List.of("SET LOCAL hash_mem_multiplier = " + GROUPING_SETS_HASH_MEM_MULTIPLIER, statement,
                "RESET hash_mem_multiplier");
    }

    @Override
    public List<String> dropTemporaryTable(String name) {
        return List.of();
    }

    @Override
    public UpsertStatements upsert(UpsertTarget target) {
        return new PostgresUpsert(target);
    }

    /**
     * One {@code MERGE}: each new first copy is matched with the indexed copy of its id, updates it only when it comes
     * first, and is inserted when the id is new. Most ids of a run are new, and MERGE inserts them as plain rows, where
     * {@code INSERT ... ON CONFLICT} inserted each speculatively (a pre-check, a speculative token, a confirmation): in
     * backend CPU 0.92-0.97 s against 1.20-1.49 s for 197,755 new ids into an empty index, 5.8-6.1 s against 6.2-7.8 s
     * for 791,020 over 795,000 indexed, and about the same for 197,755 over 795,000. The planner matches by hash with
     * an empty index and by one primary-key probe per new id once the index holds history, so the match never reads
     * all of it: docs/batch-layer.md#where-landing-time-goes. The run's copies are ranked in memory
     * ({@link #FIRST_COPIES_SORT_MEMORY}, for this transaction only; the default 4 MB spilled a run of 200,000 rows to
     * disk) and ids compared bytewise ({@code COLLATE "C"}: ids are digits, equal and ordered alike in every
     * collation). One copy per id enters the MERGE, so no row is matched twice.
     */
    @Override
    public List<String> indexFirstCopies(String newRows) {
        String table = Tables.FIRST_COPIES;
        return List.of("SET LOCAL work_mem = '" + FIRST_COPIES_SORT_MEMORY + "'",
                "MERGE INTO " + table + " USING (" + FirstCopySql.firstOfNewRows(newRows, "event_id COLLATE \"C\"")
                        + ") n ON " + table + ".event_id = n.event_id WHEN MATCHED AND " + FirstCopySql.comesBefore("n", table)
                        + " THEN UPDATE SET " + FirstCopySql.setValuesFrom("n") + " WHEN NOT MATCHED THEN INSERT ("
                        + String.join(", ", FirstCopySql.COLUMNS) + ") VALUES (" + FirstCopySql.valuesFrom("n") + ")",
                "RESET work_mem");
    }

    @Override
    public List<String> addRows(String table, String deltaTable, List<String> keyColumns, List<String> measureColumns) {
        List<String> columns = new ArrayList<>(keyColumns);
        columns.addAll(measureColumns);
        return addQueryRows(table, "SELECT " + String.join(", ", columns) + " FROM " + deltaTable, deltaTable, keyColumns,
                measureColumns);
    }

    /** One {@code INSERT ... <query> ON CONFLICT DO UPDATE}: the query's keys are distinct, so no row is hit twice. */
    @Override
    public List<String> addQueryRows(String table, String query, String stagingTable, List<String> keyColumns,
            List<String> measureColumns) {
        List<String> columns = new ArrayList<>(keyColumns);
        columns.addAll(measureColumns);
        return List.of("INSERT INTO " + table + " (" + String.join(", ", columns) + ") " + query
                + " ON CONFLICT (" + String.join(", ", keyColumns) + ") DO UPDATE SET "
                + FirstCopySql.addMeasures(table, "EXCLUDED", measureColumns));
    }

    @Override
    public boolean copyReadsS3() {
        return false;
    }

    /** The COPY statement filling {@code table} from CSV on standard input. */
    // Visible for testing
    static String copyStatement(String table, List<String> columns) {
        return "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN WITH (FORMAT csv)";
    }

    @Override
    public TableLoad load(Connection connection, String table, List<String> columns) throws SQLException {
        return new PostgresStreamedLoad(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement(table, columns)),
                table, COPY_BUFFER);
    }

    @Override
    public long copy(Connection connection, String table, List<String> columns, CopySource source, CopyListener listener)
            throws SQLException {
        long total = 0;
        for (CopyFile file : source.files()) {
            long rows = copyFile(connection, copyStatement(table, columns), source, file.key());
            OptionalLong expected = file.rows();
            if (expected.isPresent() && rows != expected.getAsLong()) {
                throw new TerseException("Archive file " + source.url(file.key()) + " loaded " + rows + " rows, but "
                        + expected.getAsLong() + " were written to it");
            }
            total += rows;
            listener.loaded(source.url(file.key()), rows);
        }
        return total;
    }

    private static long copyFile(Connection connection, String sql, CopySource source, String key) throws SQLException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            PGCopyOutputStream out = new PGCopyOutputStream(copyIn, COPY_BUFFER);
            source.writeCsv(key, out);
            return out.endCopy();
        } catch (SQLException | RuntimeException e) {
            cancelQuietly(copyIn);
            throw e;
        } catch (IOException e) {
            cancelQuietly(copyIn);
            // the stream wraps the server's refusal; that is the failure to report
            if (e.getCause() instanceof SQLException refused) {
                throw refused;
            }
            throw new SQLException("COPY of " + source.url(key) + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            cancelQuietly(copyIn);
            throw new SQLException("COPY of " + source.url(key) + " failed: " + e.getMessage(), e);
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

    @Override
    public WarehouseLock lock(long advisoryKey, String lockTable) {
        return new PostgresAdvisoryLock(advisoryKey);
    }

    /**
     * Changes the columns' type where they are ({@link MeasureColumnsUpgrade#alterInPlace}), around serving_view, which
     * PostgreSQL will not let a type change pass under, and gives back the privileges others had on the view.
     */
    @Override
    public List<String> widenMeasureColumns(Statement statement, List<String> narrowTables,
            List<String> schemaStatements, List<String> servingView) throws SQLException {
        MeasureColumnsUpgrade upgrade = MeasureColumnsUpgrade.of();
        List<MeasureColumnsUpgrade.Grant> grants = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(upgrade.servingViewGrantsQuery())) {
            while (rs.next()) {
                grants.add(new MeasureColumnsUpgrade.Grant(rs.getString(1), rs.getString(2)));
            }
        }
        return upgrade.alterInPlace(narrowTables, measureType(), servingView, grants);
    }
}
