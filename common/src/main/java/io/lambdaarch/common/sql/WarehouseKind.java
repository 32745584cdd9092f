package io.lambdaarch.common.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The warehouses this project speaks to, told apart by JDBC URL. Each uses its own driver: the Redshift driver
 * cannot talk to PostgreSQL (it sends startup parameters PostgreSQL rejects), so the URL alone picks the driver.
 */
public enum WarehouseKind {
    POSTGRES("jdbc:postgresql:", "org.postgresql.Driver", "sql/postgres"),
    REDSHIFT("jdbc:redshift:", "com.amazon.redshift.jdbc42.Driver", "sql/redshift");

    private final String urlPrefix;
    private final String driverClassName;
    private final String ddlDirectory;

    WarehouseKind(String urlPrefix, String driverClassName, String ddlDirectory) {
        this.urlPrefix = urlPrefix;
        this.driverClassName = driverClassName;
        this.ddlDirectory = ddlDirectory;
    }

    /** The kind whose prefix starts {@code jdbcUrl}, if any. */
    public static Optional<WarehouseKind> fromJdbcUrl(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> lower.startsWith(k.urlPrefix)).findFirst();
    }

    /** The accepted URL prefixes, for error messages. */
    public static String supportedPrefixes() {
        return Arrays.stream(values()).map(k -> k.urlPrefix).collect(Collectors.joining(" or "));
    }

    public String urlPrefix() {
        return urlPrefix;
    }

    public String driverClassName() {
        return driverClassName;
    }

    /** Classpath directory (and repository directory) holding this warehouse's DDL. */
    public String ddlDirectory() {
        return ddlDirectory;
    }

    /** The dialect that generates SQL for this warehouse. */
    public SqlDialect dialect() {
        return switch (this) {
            case POSTGRES -> new PostgresDialect();
            case REDSHIFT -> new RedshiftDialect();
        };
    }
}
