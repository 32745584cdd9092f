package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseKind;
import java.io.Serializable;
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
        boolean tcpKeepAlive) implements Serializable {
    public static final Setting<String> URL = Setting.define("LAMBDA_WAREHOUSE_URL", SettingType.string(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .required("a JDBC URL such as jdbc:postgresql://localhost:15432/lambda or jdbc:redshift://host:5439/dev")
            .doc("`jdbc:postgresql://...` (PostgreSQL 15 or later) or `jdbc:redshift://...`; the URL picks the driver");
    public static final Setting<String> USER = Setting.define("LAMBDA_WAREHOUSE_USER", SettingType.string(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("warehouse user");
    public static final Setting<Secret> PASSWORD = Setting.define("LAMBDA_WAREHOUSE_PASSWORD", SettingType.secret(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("warehouse password");
    /** Longer than any one statement should take (a recompute or COPY of a large backlog), short of "forever". */
    public static final Setting<Duration> SOCKET_TIMEOUT = Setting.define("LAMBDA_WAREHOUSE_SOCKET_TIMEOUT",
                    SettingType.duration(Duration.ZERO), Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue(Duration.ofHours(1))
            .doc("longest wait for the warehouse's answer to one statement (the drivers' `socketTimeout`; `0s` turns it"
                    + " off), so a half-open connection cannot hang a run");
    public static final Setting<Boolean> TCP_KEEPALIVE = Setting.define("LAMBDA_WAREHOUSE_TCP_KEEPALIVE", SettingType.bool(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue(true)
            .doc("TCP keepalive on warehouse connections (the drivers' `tcpKeepAlive`)");

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
        this(jdbcUrl, user, password, kind, SOCKET_TIMEOUT.defaultValue().orElseThrow(), TCP_KEEPALIVE.defaultValue().orElseThrow());
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

    /** The warehouse the URL names: the object every layer asks for SQL that differs between warehouses. */
    public Warehouse warehouse() {
        return Warehouse.of(kind);
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
        String url = reader.get(URL);
        WarehouseKind kind = WarehouseKind.POSTGRES;
        if (!url.isEmpty()) {
            kind = WarehouseKind.fromJdbcUrl(url).orElse(null);
            if (kind == null) {
                reader.invalid(URL, redact(url), "a JDBC URL starting with " + WarehouseKind.supportedPrefixes());
                kind = WarehouseKind.POSTGRES;
            }
        }
        String user = reader.optional(USER).orElse("");
        Secret password = reader.optional(PASSWORD).orElse(PASSWORD.type().placeholder());
        Duration socketTimeout = reader.get(SOCKET_TIMEOUT);
        boolean keepAlive = reader.get(TCP_KEEPALIVE);
        return new WarehouseSettings(url, user, password, kind, socketTimeout, keepAlive);
    }
}
