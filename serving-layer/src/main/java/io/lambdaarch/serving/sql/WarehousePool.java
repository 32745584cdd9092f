package io.lambdaarch.serving.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.sql.WarehouseKind;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * The serving layer's connection pool (HikariCP). Connections are read-only and run each request in one transaction
 * at snapshot isolation, so the data of a response and its freshness block come from the same state of the warehouse.
 */
public final class WarehousePool {
    /** How long a request waits for a free connection before it is answered 503. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private WarehousePool() {
    }

    /** A read-only pool of at most {@code size} connections; nothing connects until the first use. */
    public static HikariDataSource create(
            WarehouseSettings settings, String name, int size, Optional<MeterRegistry> metrics) {
        WarehouseKind kind = settings.kind();
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        // The URL picks the driver: Hikari instantiates this class rather than asking DriverManager.
        config.setDriverClassName(kind.driverClassName());
        config.setJdbcUrl(settings.jdbcUrl());
        // Socket timeout and TCP keepalive, as on every warehouse connection.
        config.setDataSourceProperties(settings.driverProperties());
        if (!settings.user().isEmpty()) {
            config.setUsername(settings.user());
        }
        if (!settings.password().isEmpty()) {
            config.setPassword(settings.password().reveal());
        }
        config.setReadOnly(true);
        config.setAutoCommit(false);
        config.setTransactionIsolation(isolation(kind));
        config.setConnectionInitSql(String.join("; ", kind.dialect().sessionSetup()));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(2, size));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // Start without a connection: the caller has already reached the warehouse once, and a warehouse that is
        // down later must give 503s and an unhealthy /health, not a crash.
        config.setInitializationFailTimeout(-1);
        metrics.ifPresent(registry -> config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)));
        return new HikariDataSource(config);
    }

    private static String isolation(WarehouseKind kind) {
        return switch (kind) {
            // REPEATABLE READ is snapshot isolation in PostgreSQL: every statement of a request sees one snapshot.
            case POSTGRES -> "TRANSACTION_REPEATABLE_READ";
            // Redshift runs every transaction serializable (snapshot isolation) and knows no other level.
            case REDSHIFT -> "TRANSACTION_SERIALIZABLE";
        };
    }
}
