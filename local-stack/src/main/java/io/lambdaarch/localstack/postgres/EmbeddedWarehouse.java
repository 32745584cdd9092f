package io.lambdaarch.localstack.postgres;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.SchemaInstaller;
import io.lambdaarch.common.sql.WarehouseConnector;
import io.lambdaarch.common.sql.WarehouseKind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 (zonky embedded binaries) as the local warehouse. The data directory is initialized once and kept,
 * so tables survive a restart. Databases are created with the project's schema already installed.
 */
public final class EmbeddedWarehouse implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedWarehouse.class);

    private final Path dataDir;
    private final String host;
    private final int port;
    private final boolean durable;
    private final String user;
    private final Secret password;
    private EmbeddedPostgres postgres;

    private EmbeddedWarehouse(Path dataDir, String host, int port, boolean durable, String user, Secret password) {
        this.dataDir = dataDir;
        this.host = host;
        this.port = port;
        this.durable = durable;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts PostgreSQL on {@code port} with its data under {@code dataDir}. {@code durable} false turns fsync off,
     * which is right for throw-away test data only.
     */
    public static EmbeddedWarehouse start(Path dataDir, String host, int port, String user, String password, boolean durable) {
        requireNonNull(dataDir, "dataDir is null");
        EmbeddedWarehouse warehouse = new EmbeddedWarehouse(dataDir, host, port, durable, user, new Secret(password));
        warehouse.startServer();
        warehouse.ensureRole();
        LOG.info("PostgreSQL ready at {}:{} (data in {})", host, port, dataDir);
        return warehouse;
    }

    /** Stops the server (clients see connection refused), keeping its data; {@link #startAgain()} brings it back. */
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                LOG.warn("PostgreSQL did not stop cleanly", e);
            }
            postgres = null;
        }
    }

    /** Starts the server again on the same port and data, after {@link #stop()}. */
    public synchronized void startAgain() {
        if (postgres == null) {
            startServer();
        }
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    private synchronized void startServer() {
        checkPlatform(PostgresPlatform.current());
        try {
            Files.createDirectories(dataDir.getParent());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", host)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("timezone", "UTC");
            if (!durable) {
                builder.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
            }
            postgres = builder.start();
        } catch (IOException e) {
            throw new TerseException("PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * Says what this machine lacks before zonky fails on it with a stack trace: binaries for its platform, or, as
     * root on Linux (where zonky starts PostgreSQL through {@code unshare -U}, PostgreSQL refusing to run as root), a
     * working user namespace. Nowhere else is the namespace looked at.
     */
    private static void checkPlatform(PostgresPlatform platform) {
        if (EmbeddedWarehouse.class.getResource("/" + platform.archive()) == null) {
            throw new TerseException(platform.unsupportedMessage());
        }
        if (platform.needsUserNamespace()) {
            if (!LinuxUtils.isUnshareAvailable()) {
                throw new TerseException("PostgreSQL refuses to run as root, and this machine does not let root start it"
                        + " in a user namespace ('unshare -U' failed): run as a non-root user, or allow user namespaces");
            }
            LOG.info("Running as root on Linux: PostgreSQL runs in a user namespace (unshare -U)");
        }
    }

    private synchronized EmbeddedPostgres server() {
        if (postgres == null) {
            throw new IllegalStateException("PostgreSQL is stopped");
        }
        return postgres;
    }

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public String user() {
        return user;
    }

    public Secret password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port() + "/" + database;
    }

    /** Settings that reach {@code database} as the stack's user. */
    public WarehouseSettings settings(String database) {
        return new WarehouseSettings(jdbcUrl(database), user, password, WarehouseKind.POSTGRES);
    }

    /** Creates {@code database} (owned by the stack's user) unless it exists, and installs the schema in it. */
    public void createDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection admin = server().getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                query.setString(1, database);
                try (ResultSet rs = query.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement statement = admin.createStatement()) {
                    statement.execute("CREATE DATABASE " + database + " OWNER " + user);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
        WarehouseConnector connector = new WarehouseConnector(settings(database));
        try (Connection connection = connector.open()) {
            new SchemaInstaller(connector.dialect()).install(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot install the schema in database " + database, e);
        }
    }

    /** A connection to {@code database} as the stack's user; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return new WarehouseConnector(settings(database)).open();
    }

    @Override
    public void close() {
        stop();
    }

    private void ensureRole() {
        try (Connection admin = server().getPostgresDatabase().getConnection();
                PreparedStatement query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, user);
            boolean exists;
            try (ResultSet rs = query.executeQuery()) {
                exists = rs.next();
            }
            if (!exists) {
                try (Statement statement = admin.createStatement()) {
                    // The role name is ours (a constant), so it is safe to splice; the password goes through quote_literal.
                    statement.execute("CREATE ROLE " + user + " LOGIN CREATEDB PASSWORD "
                            + quoteLiteral(admin, password.reveal()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create role " + user, e);
        }
    }

    private static String quoteLiteral(Connection connection, String value) throws SQLException {
        try (PreparedStatement quote = connection.prepareStatement("SELECT quote_literal(?)")) {
            quote.setString(1, value);
            try (ResultSet rs = quote.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
