package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes sure the warehouse has what the serving layer reads: the project's tables (idempotent DDL, as every service
 * runs it) and {@code serving_view}, created when it is missing. An existing view is left alone, so an operator may
 * own it (grants), and the serving layer may then run as a read-only user (docs/redshift.md).
 */
public final class ServingSchema {
    private final ServingViewSql viewSql;

    public ServingSchema(ServingViewSql viewSql) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
    }

    /**
     * Connects to the warehouse and {@linkplain #ensure ensures} the schema; returns true if it created serving_view.
     * Any failure is a {@link TerseException} naming the warehouse.
     */
    public static boolean prepare(WarehouseSettings settings, ServingViewSql viewSql) {
        WarehouseConnector connector = new WarehouseConnector(settings);
        try (Connection connection = connector.openOrExplain()) {
            return new ServingSchema(viewSql).ensure(connection);
        } catch (SQLException e) {
            throw new TerseException("Cannot prepare serving_view in the warehouse at " + settings.redactedUrl() + ": "
                    + Failures.rootMessage(e), e);
        }
    }

    /**
     * Installs the tables and serving_view if the view is missing; returns true if it created the view. An existing
     * view means the schema is in place (the view reads its tables), and then no DDL runs at all: even
     * {@code CREATE TABLE IF NOT EXISTS} needs CREATE on the schema, which a read-only serving user does not have.
     * The schema installer creates the view where the tables land; only a configured schema elsewhere (Redshift's
     * {@code LAMBDA_SERVING_SCHEMA}) needs it created here.
     */
    public boolean ensure(Connection connection) throws SQLException {
        if (viewExists(connection)) {
            return false;
        }
        new SchemaInstaller(viewSql.warehouse()).install(connection);
        if (viewExists(connection)) {
            return true;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            // OR REPLACE: two instances starting together both see it missing; the second one must not fail.
            statement.execute(viewSql.createViewStatement());
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return true;
    }

    /** True if serving_view exists (as a view) where this layer creates and reads it. */
    public boolean viewExists(Connection connection) throws SQLException {
        String schema = viewSql.warehouse().viewSchema(connection, viewSql.schema());
        String sql = "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = 'v' AND c.relname = ? AND n.nspname = ?";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, Tables.SERVING_VIEW);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
