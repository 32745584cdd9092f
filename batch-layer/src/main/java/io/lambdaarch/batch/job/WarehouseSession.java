package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.lock.BatchLock;
import io.lambdaarch.batch.lock.LockHeldException;
import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.batch.lock.LockStaleException;
import io.lambdaarch.batch.runtime.Transactions;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.common.warehouse.WarehouseLock;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A locked run's hold on the warehouse: the lock (on its own connection) and the work connection (no auto-commit).
 * The schema is installed once the run may write, after the lock (so two first runs cannot race on DDL), unless the
 * lock is itself a table of that schema (Redshift's), which is then installed before it (its DDL is idempotent).
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
        Warehouse warehouse = connector.warehouse();
        WarehouseLock batchLock = BatchLock.in(warehouse);
        Connection work = connector.openOrExplain();
        BatchLock lock = null;
        try {
            if (batchLock.livesInSchema()) {
                installSchema(warehouse, work);
            }
            lock = BatchLock.acquire(batchLock, connector.openOrExplain(), runId, lockTimeout, out, clock);
            if (!batchLock.livesInSchema()) {
                installSchema(warehouse, work);
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
        return BatchLock.holder(settings.warehouse(), connection);
    }

    private static void installSchema(Warehouse warehouse, Connection work) throws SQLException {
        new SchemaInstaller(warehouse).install(work);
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
