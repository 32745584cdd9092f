package io.lambdaarch.common.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens warehouse connections with the driver the URL calls for, instantiated directly: with both drivers on the
 * classpath, {@code DriverManager} could otherwise hand a URL to the wrong one.
 */
public final class WarehouseConnector {
    private final WarehouseSettings settings;
    private final Driver driver;
    private final SqlDialect dialect;

    public WarehouseConnector(WarehouseSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
        this.dialect = settings.kind().dialect();
        try {
            this.driver = (Driver) Class.forName(settings.kind().driverClassName()).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JDBC driver " + settings.kind().driverClassName() + " is not on the classpath", e);
        }
    }

    public SqlDialect dialect() {
        return dialect;
    }

    public WarehouseSettings settings() {
        return settings;
    }

    /** A new connection with the session set up (UTC), socket timeout and keepalive; the caller closes it. */
    public Connection open() throws SQLException {
        Properties properties = settings.driverProperties();
        if (!settings.user().isEmpty()) {
            properties.setProperty("user", settings.user());
        }
        if (!settings.password().isEmpty()) {
            properties.setProperty("password", settings.password().reveal());
        }
        Connection connection = driver.connect(settings.jdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("Driver " + driver.getClass().getName() + " does not accept URL " + settings.redactedUrl());
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.sessionSetup()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Like {@link #open()}, but a failure becomes a {@link TerseException} whose one line names the warehouse, for
     * commands that cannot go on without it.
     */
    public Connection openOrExplain() {
        try {
            return open();
        } catch (SQLException e) {
            throw new TerseException("Cannot connect to the warehouse at " + settings.redactedUrl() + ": " + Failures.rootMessage(e), e);
        }
    }
}
