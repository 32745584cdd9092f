package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.batch.lock.BatchLock;
import io.lambdaarch.batch.lock.LockHeldException;
import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.batch.lock.LockStaleException;
import io.lambdaarch.batch.lock.PostgresAdvisoryLock;
import io.lambdaarch.batch.lock.RedshiftTableLock;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.SchemaInstaller;
import io.lambdaarch.common.sql.WarehouseConnector;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A locked run's hold on the warehouse: the lock (on its own connection) and the work connection (no auto-commit).
 * The schema is installed once the run may write: PostgreSQL after the lock (so two first runs cannot race on DDL),
 * Redshift before it (the lock is a table of that schema; its DDL is idempotent).
 */
final class WarehouseSession implements AutoCloseable {
    private final BatchLock lock;
    private final Connection connection;

    private WarehouseSession(BatchLock lock, Connection connection) {
        this.lock = lock;
        this.connection = connection;
    }

    /**
     * Takes the lock, waiting up to {@code lockTimeout}. If another run holds it, throws {@link LockHeldException};
     * {@link LockStaleException} when that run has held it for longer than {@code staleAfter}.
     */
    static WarehouseSession open(WarehouseConnector connector, String runId, Duration lockTimeout, Duration staleAfter,
            PrintWriter out, Clock clock) {
        requireNonNull(connector, "connector is null");
        Connection work = connector.openOrExplain();
        BatchLock lock = null;
        try {
            switch (connector.settings().kind()) {
                case POSTGRES -> {
                    lock = PostgresAdvisoryLock.acquire(connector.openOrExplain(), runId, lockTimeout, out, clock);
                    installSchema(connector, work);
                }
                case REDSHIFT -> {
                    installSchema(connector, work);
                    lock = RedshiftTableLock.acquire(connector.openOrExplain(), lockTimeout, out, clock);
                }
            }
            work.setAutoCommit(false);
            return new WarehouseSession(lock, work);
        } catch (LockHeldException e) {
            close(lock, work);
            Instant now = clock.instant();
            Optional<Duration> held = e.holder().flatMap(holder -> holder.heldFor(now));
            if (held.isPresent() && held.get().compareTo(staleAfter) > 0) {
                throw new LockStaleException("The batch lock has been held for " + LockHolder.format(held.get()) + ", past "
                        + BatchConfig.LOCK_STALE_AFTER + " (" + Durations.format(staleAfter) + "), by "
                        + e.holder().get().describe(now) + ": that run is likely stuck; see docs/batch-layer.md#the-batch-lock."
                        + " Nothing was changed.", e.holder(), e);
            }
            throw e;
        } catch (SQLException e) {
            close(lock, work);
            throw new TerseException("Warehouse at " + connector.settings().redactedUrl() + ": " + Failures.rootMessage(e), e);
        } catch (RuntimeException e) {
            close(lock, work);
            throw e;
        }
    }

    /** Who holds the batch lock now, read on {@code connection} without taking it (for {@code batch status}). */
    static Optional<LockHolder> lockHolder(WarehouseSettings settings, Connection connection) throws SQLException {
        return switch (settings.kind()) {
            case POSTGRES -> PostgresAdvisoryLock.holder(connection);
            case REDSHIFT -> RedshiftTableLock.holder(connection);
        };
    }

    private static void installSchema(WarehouseConnector connector, Connection work) throws SQLException {
        new SchemaInstaller(connector.dialect()).install(work);
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        close(lock, connection);
    }

    private static void close(BatchLock lock, Connection connection) {
        Transactions.closeQuietly(connection);
        if (lock != null) {
            lock.close();
        }
    }
}
