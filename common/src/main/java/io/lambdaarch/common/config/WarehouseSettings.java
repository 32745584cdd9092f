package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.WarehouseKind;

/** How to reach the warehouse (PostgreSQL or Redshift); the JDBC URL decides which. */
public record WarehouseSettings(String jdbcUrl, String user, Secret password, WarehouseKind kind) {
    public static final Setting<String> URL = Setting.define("LAMBDA_WAREHOUSE_URL", SettingType.string(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .required("a JDBC URL such as jdbc:postgresql://localhost:15432/lambda or jdbc:redshift://host:5439/dev")
            .doc("`jdbc:postgresql://...` or `jdbc:redshift://...`; the URL picks the driver");
    public static final Setting<String> USER = Setting.define("LAMBDA_WAREHOUSE_USER", SettingType.string(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("warehouse user");
    public static final Setting<Secret> PASSWORD = Setting.define("LAMBDA_WAREHOUSE_PASSWORD", SettingType.secret(),
                    Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("warehouse password");

    public WarehouseSettings {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
        requireNonNull(kind, "kind is null");
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
        return new WarehouseSettings(url, user, password, kind);
    }
}
