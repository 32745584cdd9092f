package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the warehouse tables from the DDL files under {@code sql/<warehouse>/}, upgrades in place the tables an
 * earlier release made ({@link MeasureColumnsUpgrade}; batch_runs' mode column; the first-copy index's backfill; the
 * day grain, derived once from batch_view), and creates the merged view of every declared view ({@code serving_view},
 * {@code serving_<name>}: {@link ServingViewDdl}) in the schema the tables land in when nothing of that name is there, so the view exists as soon as the schema does, whichever
 * service installed it. Every step is idempotent
 * ({@code IF NOT EXISTS}; an upgrade runs only while a table still needs it; a view already there, perhaps an
 * operator's with grants of its own, is left alone), so services can call this at start-up.
 */
public final class SchemaInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInstaller.class);

    /**
     * Whether {@code relation} exists in current_schema(). Both warehouses have current_schema() and the PostgreSQL
     * catalog. The name is a declared view's, which the views file allows only as {@code [a-z][a-z0-9_]*}.
     */
    // Visible for testing
    static String servingViewPresence(String relation) {
        return "SELECT current_schema() AS schema_name, (SELECT COUNT(*)"
                + " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relname = '" + relation + "' AND n.nspname = current_schema()) AS existing";
    }

    private final Warehouse warehouse;
    private final ViewCatalog views;

    /** For the shipped views. */
    public SchemaInstaller(Warehouse warehouse) {
        this(warehouse, ViewCatalog.shipped());
    }

    /**
     * Also creates, where missing, the batch tables ({@link ViewTablesDdl}) and the speed tables ({@link SpeedTableDdl})
     * of every view of {@code views}, and the merged view of each ({@link ServingViewDdl}) once its batch and speed
     * tables are there.
     */
    public SchemaInstaller(Warehouse warehouse, ViewCatalog views) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.views = requireNonNull(views, "views is null");
    }

    /**
     * Checks the server's version ({@link Warehouse#requireSupportedServer}), then runs every DDL statement, the upgrades
     * the existing tables need, then creates serving_view if it is missing, in one transaction.
     */
    public void install(Connection connection) throws SQLException {
        DatabaseMetaData server = connection.getMetaData();
        warehouse.requireSupportedServer(server.getDatabaseMajorVersion(), server.getDatabaseProductVersion());
        OneTransaction.run(connection, this::installInTransaction);
    }

    private void installInTransaction(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            List<String> schema = new ArrayList<>();
            for (String script : warehouse.schemaScripts()) {
                schema.addAll(statements(read(script)));
            }
            // Read before the DDL creates it: a raw_batch without the index is a warehouse made before the index.
            boolean backfill = !tableExists(statement, Tables.FIRST_COPIES) && tableExists(statement, Tables.RAW_BATCH);
            for (String sql : schema) {
                statement.execute(sql);
            }
            // A view's serving view reads its batch and speed tables, so they exist from the start, empty until a
            // batch run or a micro-batch writes them.
            ViewTablesDdl viewTables = new ViewTablesDdl(warehouse);
            SpeedTableDdl speedTables = new SpeedTableDdl(warehouse);
            for (NamedView view : views.views()) {
                for (String sql : viewTables.createBatchTables(view)) {
                    statement.execute(sql);
                }
                for (String sql : speedTables.createStatements(view)) {
                    statement.execute(sql);
                }
            }
            widenMeasureColumns(statement, schema);
            addBatchRunsMode(statement);
            addLangColumns(statement);
            if (backfill) {
                backfillFirstCopies(connection);
            }
            fillDayGrain(connection, statement);
            for (NamedView view : views.views()) {
                createServingViewIfMissing(statement, view);
            }
        }
    }

    private void createServingViewIfMissing(Statement statement, NamedView view) throws SQLException {
        // A view's tables are made by whoever builds it (batch and speed layers); until both are there, PostgreSQL
        // cannot create a view over them, and the merged view waits for a later start-up.
        for (String table : List.of(view.batchTable(), view.speedTable())) {
            if (!tableExists(statement, table)) {
                LOG.info("Not creating {} yet: its table {} does not exist", view.servingView(), table);
                return;
            }
        }
        String schema;
        try (ResultSet rs = statement.executeQuery(servingViewPresence(view.servingView()))) {
            rs.next();
            if (rs.getLong("existing") > 0) {
                return;
            }
            schema = rs.getString("schema_name");
        }
        // Unqualified names in schema.sql land in the first schema of the search path: current_schema(). Redshift's
        // late-binding view names its tables with that schema.
        statement.execute(new ServingViewDdl(warehouse, view, schema).createViewStatement());
        LOG.info("Created {} in schema {}", view.servingView(), schema);
    }

    private void widenMeasureColumns(Statement statement, List<String> schema) throws SQLException {
        MeasureColumnsUpgrade upgrade = MeasureColumnsUpgrade.of();
        List<String> narrow = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(upgrade.narrowTablesQuery())) {
            while (rs.next()) {
                narrow.add(rs.getString(1));
            }
        }
        if (narrow.isEmpty()) {
            return;
        }
        LOG.info("Widening the BIGINT measures of {} to {} (a warehouse made by an earlier release)", narrow,
                warehouse.measureType());
        List<String> servingView = statements(read(warehouse.ddlDirectory() + "/serving_view.sql"));
        for (String sql : warehouse.widenMeasureColumns(statement, narrow, schema, servingView)) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new SQLException(String.format("Cannot widen the measures of %s to %s (%s). Nothing was changed. The"
                        + " upgrade must run as the tables' owner (the batch layer's user); a view of your own that reads"
                        + " them blocks it: drop it, start again and create it again", narrow, warehouse.measureType(),
                        e.getMessage()), e.getSQLState(), e);
            }
        }
    }

    /**
     * batch_runs of a release before incremental runs has no mode column; its rows were all full recomputes. The
     * catalog is read, not information_schema, which hides the columns of tables a service may not read.
     */
    private static void addBatchRunsMode(Statement statement) throws SQLException {
        String table = LedgerTables.unqualified().batchRuns();
        if (columnExists(statement, table, "mode")) {
            return;
        }
        LOG.info("Adding column mode to {} (a warehouse made before incremental batch runs)", table);
        statement.execute("ALTER TABLE " + table + " ADD COLUMN mode VARCHAR(16)");
    }

    /**
     * raw_batch and first_copies of a release before views over lang have no lang column: it is appended (the position
     * new tables have it in too) and stays NULL in the old rows, which views read as {@code und}. A view over lang is
     * then exact for old events only after {@code replay-archive} reloads them with the lang their archive lines carry.
     */
    private static void addLangColumns(Statement statement) throws SQLException {
        for (String table : List.of(Tables.RAW_BATCH, Tables.FIRST_COPIES)) {
            if (columnExists(statement, table, "lang")) {
                continue;
            }
            LOG.info("Adding column lang to {} (a warehouse made before views over lang; older rows read as und)", table);
            statement.execute("ALTER TABLE " + table + " ADD COLUMN lang VARCHAR(1024)");
        }
    }

    /**
     * Builds the first-copy index from every row of raw_batch, once: in the transaction that creates the index in a
     * warehouse made before it, so the first batch run after the upgrade already reads it.
     */
    private void backfillFirstCopies(Connection connection) throws SQLException {
        LOG.info("Building {} from every row of {} (once, for a warehouse made before the index)", Tables.FIRST_COPIES,
                Tables.RAW_BATCH);
        new FirstCopyIndex(warehouse).rebuild(connection);
    }

    private static boolean tableExists(Statement statement, String table) throws SQLException {
        return catalogCount(statement, "pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = '" + table + "'") > 0;
    }

    // The catalog, not information_schema, which hides the columns of tables a service may not read.
    private static boolean columnExists(Statement statement, String table, String column) throws SQLException {
        return catalogCount(statement, "pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
                + " AND c.relname = '" + table + "' AND a.attname = '" + column + "'") > 0;
    }

    private static long catalogCount(Statement statement, String fromWhere) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + fromWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A warehouse made before the day grain existed has batch_view rows and an empty batch_view_day just created above:
     * it is derived here, in this transaction, so no reader ever sees the new table disagree with batch_view.
     */
    private void fillDayGrain(Connection connection, Statement statement) throws SQLException {
        ViewRollups rollups = new ViewRollups(warehouse);
        if (rollups.rowsMissing(statement)) {
            long rows = rollups.refresh(connection, TouchedDays.all());
            LOG.info("Derived {} rows of {} from batch_view (a warehouse made by an earlier release)", rows,
                    Tables.BATCH_VIEW_DAY);
        }
    }

    /** The statements of a script: split on semicolons that end a line, with {@code --} comment lines dropped. */
    // Visible for testing
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String read(String resource) {
        try (InputStream in = SchemaInstaller.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("DDL resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
