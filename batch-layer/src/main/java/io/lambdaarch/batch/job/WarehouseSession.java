package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.batch.lock.BatchLock;
import io.lambdaarch.batch.lock.PostgresAdvisoryLock;
import io.lambdaarch.batch.lock.RedshiftTableLock;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.SchemaInstaller;
import io.lambdaarch.common.sql.WarehouseConnector;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

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

    static WarehouseSession open(WarehouseConnector connector, String runId, Duration lockTimeout, PrintWriter out, Clock clock) {
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
                    lock = RedshiftTableLock.acquire(connector.openOrExplain(), lockTimeout, out);
                }
            }
            work.setAutoCommit(false);
            return new WarehouseSession(lock, work);
        } catch (SQLException e) {
            close(lock, work);
            throw new TerseException("Warehouse at " + connector.settings().redactedUrl() + ": " + Failures.rootMessage(e), e);
        } catch (RuntimeException e) {
            close(lock, work);
            throw e;
        }
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
