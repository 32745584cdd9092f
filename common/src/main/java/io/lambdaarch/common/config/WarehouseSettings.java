package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseKind;

/** How to reach the warehouse (PostgreSQL or Redshift); the JDBC URL decides which. */
public record WarehouseSettings(String jdbcUrl, String user, Secret password, WarehouseKind kind) {
    public static final String URL = "LAMBDA_WAREHOUSE_URL";
    public static final String USER = "LAMBDA_WAREHOUSE_USER";
    public static final String PASSWORD = "LAMBDA_WAREHOUSE_PASSWORD";

    public WarehouseSettings {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(kind, "kind is null");
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
        return "WarehouseSettings[jdbcUrl=" + redactedUrl() + ", user=" + user + ", password=" + password + ", kind=" + kind + "]";
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
        return new WarehouseSettings(url, user, password, kind);
    }
}
