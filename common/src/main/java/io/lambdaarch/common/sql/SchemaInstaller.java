package io.lambdaarch.common.sql;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the warehouse tables from the DDL files under {@code sql/<warehouse>/}, and upgrades in place the tables an
 * earlier release made ({@link MeasureColumnsUpgrade}). Every step is idempotent ({@code IF NOT EXISTS}; an upgrade
 * runs only while a table still needs it), so services can call this at start-up.
 */
public final class SchemaInstaller {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaInstaller.class);

    private final SqlDialect dialect;

    public SchemaInstaller(SqlDialect dialect) {
        this.dialect = requireNonNull(dialect, "dialect is null");
    }

    /** Runs every DDL statement, then the upgrades the existing tables need, in one transaction. */
    public void install(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            List<String> schema = new ArrayList<>();
            for (String script : dialect.schemaScripts()) {
                schema.addAll(statements(read(script)));
            }
            for (String sql : schema) {
                statement.execute(sql);
            }
            widenMeasureColumns(statement, schema);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void widenMeasureColumns(Statement statement, List<String> schema) throws SQLException {
        MeasureColumnsUpgrade upgrade = MeasureColumnsUpgrade.of(dialect);
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
                dialect.measureType());
        List<String> shipped = statements(read(dialect.kind().ddlDirectory() + "/serving_view.sql"));
        List<String> servingView = shipped;
        List<MeasureColumnsUpgrade.Grant> grants = new ArrayList<>();
        switch (dialect.kind()) {
            case POSTGRES -> {
                try (ResultSet rs = statement.executeQuery(upgrade.servingViewGrantsQuery())) {
                    while (rs.next()) {
                        grants.add(new MeasureColumnsUpgrade.Grant(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            case REDSHIFT -> {
                // The shipped file names the tables in schema public (ServingViewSql qualifies them for late binding);
                // the tables upgraded here are in the current schema, and serving_view is created beside them.
                Optional<String> schemaWithView = redshiftServingViewSchema(statement);
                servingView = schemaWithView
                        .map(name -> shipped.stream().map(sql -> sql.replace("public.", name + ".")).toList())
                        .orElse(List.of());
            }
        }
        for (String sql : upgrade.statements(narrow, schema, servingView, grants)) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new SQLException(String.format("Cannot widen the measures of %s to %s (%s). Nothing was changed. The"
                        + " upgrade must run as the tables' owner (the batch layer's user); a view of your own that reads"
                        + " them blocks it: drop it, start again and create it again", narrow, dialect.measureType(),
                        e.getMessage()), e.getSQLState(), e);
            }
        }
    }

    /** The current schema, if serving_view exists in it (Redshift). */
    private static Optional<String> redshiftServingViewSchema(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relkind = 'v' AND c.relname = '" + Tables.SERVING_VIEW + "'"
                + " AND n.nspname = current_schema()")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
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
