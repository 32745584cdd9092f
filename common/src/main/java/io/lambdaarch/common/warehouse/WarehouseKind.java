package io.lambdaarch.common.warehouse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which warehouse a JDBC URL names. Only {@link Warehouse#of} turns a kind into behaviour: everything else asks the
 * {@link Warehouse} object, never the kind.
 */
public enum WarehouseKind {
    POSTGRES("jdbc:postgresql:"),
    REDSHIFT("jdbc:redshift:");

    private final String urlPrefix;

    WarehouseKind(String urlPrefix) {
        this.urlPrefix = urlPrefix;
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
}
