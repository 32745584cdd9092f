package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the warehouse has what the serving layer reads: the project's tables (idempotent DDL, as every service
 * runs it) and the merged view of every declared view (serving_view, {@code serving_<name>}), each created when it is
 * missing. An existing view is left alone, so an operator may own it (grants), and the serving layer may then run as a
 * read-only user (docs/redshift.md).
 */
public final class ServingSchema {
    private static final Logger LOG = LoggerFactory.getLogger(ServingSchema.class);

    private final Warehouse warehouse;
    private final ViewCatalog views;
    private final String schema;

    public ServingSchema(Warehouse warehouse, ViewCatalog views, String schema) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.views = requireNonNull(views, "views is null");
        this.schema = requireNonNull(schema, "schema is null");
    }

    /** For the views of the shipped views file, in {@code viewSql}'s warehouse and schema. */
    public ServingSchema(ServingViewSql viewSql) {
        this(viewSql.warehouse(), ViewCatalog.shipped(), viewSql.schema());
    }

    /**
     * Connects to the warehouse and {@linkplain #ensure ensures} the schema for the shipped views; returns true if it
     * created a merged view. Any failure is a {@link TerseException} naming the warehouse.
     */
    public static boolean prepare(WarehouseSettings settings, ServingViewSql viewSql) {
        return prepare(settings, new ServingSchema(viewSql));
    }

    /** Like {@link #prepare(WarehouseSettings, ServingViewSql)}, for {@code views}. */
    public static boolean prepare(WarehouseSettings settings, ViewCatalog views, String schema) {
        return prepare(settings, new ServingSchema(settings.warehouse(), views, schema));
    }

    private static boolean prepare(WarehouseSettings settings, ServingSchema servingSchema) {
        WarehouseConnector connector = new WarehouseConnector(settings);
        try (Connection connection = connector.openOrExplain()) {
            return servingSchema.ensure(connection);
        } catch (SQLException e) {
            throw new TerseException("Cannot prepare the serving views in the warehouse at " + settings.redactedUrl()
                    + ": " + Failures.rootMessage(e), e);
        }
    }

    /**
     * Installs the tables and the merged views if one is missing; returns true if it created one. Every merged view
     * there with the day grain beside it means the schema is in place, and then no DDL runs at all: even
     * {@code CREATE TABLE IF NOT EXISTS} needs CREATE on the schema, which a read-only serving user does not have. A
     * warehouse without the day grain is one of an earlier release: the schema is installed (which derives the day
     * grain from batch_view) and existing views left as they are. The schema installer creates the views where the
     * tables land; only a configured schema elsewhere (Redshift's {@code LAMBDA_SERVING_SCHEMA}) needs them created here.
     */
    public boolean ensure(Connection connection) throws SQLException {
        List<NamedView> absent = new ArrayList<>();
        for (NamedView view : views.views()) {
            if (!viewExists(connection, view)) {
                absent.add(view);
            }
        }
        List<NamedView> missing = new ArrayList<>();
        for (NamedView view : absent) {
            if (tablesExist(connection, view)) {
                missing.add(view);
            } else if (!view.equals(views.defaultView())) {
                LOG.warn("{} is not served yet: its tables {} and {} are not both there (the batch and speed layers"
                        + " make them)", view.servingView(), view.batchTable(), view.speedTable());
            }
        }
        if (missing.isEmpty() && relationExists(connection, Tables.BATCH_VIEW_DAY, "r")) {
            return false;
        }
        new SchemaInstaller(warehouse, views).install(connection);
        boolean created = false;
        for (NamedView view : absent) {
            if (viewExists(connection, view)) {
                created = true;
                continue;
            }
            if (!tablesExist(connection, view)) {
                continue;
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                // OR REPLACE: two instances starting together both see it missing; the second one must not fail.
                statement.execute(new ServingViewSql(warehouse, view, schema).createViewStatement());
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            created = true;
        }
        return created;
    }

    /** True if serving_view (the default view's merged view) exists where this layer creates and reads it. */
    public boolean viewExists(Connection connection) throws SQLException {
        return viewExists(connection, views.defaultView());
    }

    /**
     * True when the view's batch and speed tables are there. The layers that build a view make its tables; until they
     * have, no merged view can be made over them, and the view is left out (its questions fail until then), so a
     * read-only serving user is not made to run DDL for it.
     */
    private boolean tablesExist(Connection connection, NamedView view) throws SQLException {
        return relationExists(connection, view.batchTable(), "r") && relationExists(connection, view.speedTable(), "r");
    }

    private boolean viewExists(Connection connection, NamedView view) throws SQLException {
        return relationExists(connection, view.servingView(), "v");
    }

    /** True if {@code name} exists as a relation of {@code kind} (pg_class.relkind) in the merged views' schema. */
    private boolean relationExists(Connection connection, String name, String kind) throws SQLException {
        String viewSchema = warehouse.viewSchema(connection, schema);
        String sql = "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind = ? AND c.relname = ? AND n.nspname = ?";
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setString(1, kind);
            query.setString(2, name);
            query.setString(3, viewSchema);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }
}
