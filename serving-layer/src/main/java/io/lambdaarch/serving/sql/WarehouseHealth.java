package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.lambdaarch.common.error.Failures;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the warehouse answers, asked over a connection of its own: however many queries hold or wait for the API's
 * pool, a health check never waits behind them, so a load balancer does not pull a node that is merely busy.
 */
public final class WarehouseHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarehouseHealth.class);
    // Together within a load balancer's usual 2 s: the wait for the connection (including the pool's own liveness
    // check of it), then the check itself.
    static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(800);
    static final Duration VALIDATION_TIMEOUT = Duration.ofMillis(500);
    static final int CHECK_TIMEOUT_SECONDS = 1;

    private final HikariDataSource pool;

    /** Takes over {@code pool} (a pool of its own, one connection is enough) and closes it with this. */
    public WarehouseHealth(HikariDataSource pool) {
        this.pool = requireNonNull(pool, "pool is null");
        // The pool's usual wait for a connection is longer than a probe gives: fail fast instead.
        pool.getHikariConfigMXBean().setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        pool.getHikariConfigMXBean().setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    }

    /** True when a connection answers within the timeout; a failure is logged in one line. */
    public boolean answers() {
        try (Connection connection = pool.getConnection()) {
            boolean valid = connection.isValid(CHECK_TIMEOUT_SECONDS);
            if (!valid) {
                LOG.warn("Health check: the warehouse connection did not answer within {} s", CHECK_TIMEOUT_SECONDS);
            }
            return valid;
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Health check: the warehouse does not answer: {}", Failures.rootMessage(e));
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
