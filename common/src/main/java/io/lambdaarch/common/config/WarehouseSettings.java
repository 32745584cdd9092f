package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.WarehouseKind;
import java.time.Duration;
import java.util.Properties;

/**
 * How to reach the warehouse (PostgreSQL or Redshift); the JDBC URL decides which.
 *
 * @param socketTimeout longest wait for the warehouse's answer to one statement before the connection is given up
 *        (zero: no limit); it ends a statement on a half-open connection, which would otherwise wait (and hold the
 *        batch lock) forever
 * @param tcpKeepAlive whether connections send TCP keepalives, so an idle connection to a vanished host is noticed
 */
public record WarehouseSettings(String jdbcUrl, String user, Secret password, WarehouseKind kind, Duration socketTimeout,
        boolean tcpKeepAlive) {
    public static final String URL = "LAMBDA_WAREHOUSE_URL";
    public static final String USER = "LAMBDA_WAREHOUSE_USER";
    public static final String PASSWORD = "LAMBDA_WAREHOUSE_PASSWORD";
    /** Longest wait for one statement's answer (pgjdbc's and Redshift's {@code socketTimeout}); 0 turns it off. */
    public static final String SOCKET_TIMEOUT = "LAMBDA_WAREHOUSE_SOCKET_TIMEOUT";
    /** TCP keepalive on warehouse connections (the drivers' {@code tcpKeepAlive}). */
    public static final String TCP_KEEPALIVE = "LAMBDA_WAREHOUSE_TCP_KEEPALIVE";
    /** Longer than any one statement should take (a recompute or COPY of a large backlog), short of "forever". */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofHours(1);
    public static final boolean DEFAULT_TCP_KEEPALIVE = true;

    public WarehouseSettings {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(socketTimeout, "socketTimeout is null");
        if (socketTimeout.isNegative()) {
            throw new IllegalArgumentException("socketTimeout must not be negative");
        }
    }

    /** Settings with the default socket timeout and keepalive. */
    public WarehouseSettings(String jdbcUrl, String user, Secret password, WarehouseKind kind) {
        this(jdbcUrl, user, password, kind, DEFAULT_SOCKET_TIMEOUT, DEFAULT_TCP_KEEPALIVE);
    }

    /**
     * The driver properties for the socket timeout and keepalive; both drivers take the same names, the timeout in
     * whole seconds. A value the JDBC URL sets itself wins (both drivers let URL parameters override properties).
     */
    public Properties driverProperties() {
        Properties properties = new Properties();
        // Rounded up: a sub-second timeout must not become 0, which means no limit.
        long seconds = socketTimeout.toSeconds() + (socketTimeout.getNano() > 0 ? 1 : 0);
        properties.setProperty("socketTimeout", Long.toString(seconds));
        properties.setProperty("tcpKeepAlive", Boolean.toString(tcpKeepAlive));
        return properties;
    }

    /** The JDBC URL with any {@code password=} parameter masked, for logs and error messages. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    /** Masks {@code password=...} parameters in a JDBC URL. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    @Override
    public String toString() {
        return "WarehouseSettings[jdbcUrl=" + redactedUrl() + ", user=" + user + ", password=" + password + ", kind=" + kind
                + ", socketTimeout=" + socketTimeout + ", tcpKeepAlive=" + tcpKeepAlive + "]";
    }

    /** Reads the warehouse settings; problems are collected in {@code reader}. */
    public static WarehouseSettings from(ConfigReader reader) {
        String url = reader.requiredString(URL,
                "a JDBC URL such as jdbc:postgresql://localhost:15432/lambda or jdbc:redshift://host:5439/dev");
        WarehouseKind kind = WarehouseKind.POSTGRES;
        if (!url.isEmpty()) {
            kind = WarehouseKind.fromJdbcUrl(url).orElse(null);
            if (kind == null) {
                reader.invalid(URL, redact(url), "a JDBC URL starting with " + WarehouseKind.supportedPrefixes());
                kind = WarehouseKind.POSTGRES;
            }
        }
        String user = reader.string(USER, "");
        Secret password = reader.secret(PASSWORD, "");
        Duration socketTimeout = reader.duration(SOCKET_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, Duration.ZERO);
        boolean keepAlive = reader.bool(TCP_KEEPALIVE, DEFAULT_TCP_KEEPALIVE);
        return new WarehouseSettings(url, user, password, kind, socketTimeout, keepAlive);
    }
}
