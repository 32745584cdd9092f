package io.lambdaarch.common.warehouse;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs work on a connection the caller lent in one transaction, and hands the connection back in the auto-commit mode
 * it came in: a start-up step (the schema install, the speed job's drop of redefined tables) either happens whole or
 * not at all, on a connection its caller goes on using.
 */
public final class OneTransaction {
    /** Work that uses the connection inside the transaction. */
    @FunctionalInterface
    public interface Work {
        void run(Connection connection) throws SQLException;
    }

    private OneTransaction() {
    }

    /**
     * Commits {@code work}, or rolls it back when it throws (a failed rollback is attached to the failure, not thrown
     * instead of it), then restores the connection's auto-commit mode. A runtime exception rolls back too: restoring
     * auto-commit on an open transaction would commit it.
     */
    public static void run(Connection connection, Work work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            work.run(connection);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
