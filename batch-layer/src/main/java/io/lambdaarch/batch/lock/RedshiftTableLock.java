package io.lambdaarch.batch.lock;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Redshift has no advisory locks: the job opens a transaction on its own connection and takes {@code LOCK batch_lock}
 * (an exclusive table lock), holding it until the run ends. A second run blocks in LOCK; a statement_timeout bounds
 * that wait. The lock ends with the transaction, so a killed run releases it when its connection drops.
 */
public final class RedshiftTableLock implements BatchLock {
    /** SQLSTATE of a statement cancelled by statement_timeout. */
    private static final String QUERY_CANCELED = "57014";

    private final Connection connection;

    private RedshiftTableLock(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lock on {@code connection} (which the lock then owns and closes), waiting up to {@code timeout}. */
    public static BatchLock acquire(Connection connection, Duration timeout, PrintWriter out) {
        requireNonNull(connection, "connection is null");
        try {
            connection.setAutoCommit(false);
            out.println("Taking the batch lock (waits up to " + timeout.toSeconds() + " s)");
            out.flush();
            try (Statement statement = connection.createStatement()) {
                for (String sql : lockStatements(timeout)) {
                    statement.execute(sql);
                }
            }
            return new RedshiftTableLock(connection);
        } catch (SQLException e) {
            Transactions.closeQuietly(connection);
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                throw new LockHeldException("Another batch run holds the lock (table " + Tables.BATCH_LOCK + "); waited "
                        + timeout.toSeconds() + " s (--lock-timeout). Nothing was changed.", e);
            }
            throw new TerseException("Cannot take the batch lock in the warehouse: " + Failures.rootMessage(e), e);
        }
    }

    /** The statements that take the lock, bounded by {@code timeout} (statement_timeout 0 would mean no limit). */
    // Visible for testing
    static List<String> lockStatements(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return List.of(
                "SET statement_timeout TO " + millis,
                "LOCK " + Tables.BATCH_LOCK,
                "SET statement_timeout TO 0");
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // closing the connection ends the transaction and its lock too
        } finally {
            Transactions.closeQuietly(connection);
        }
    }
}
