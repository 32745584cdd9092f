package io.lambdaarch.batch.runtime;

import java.sql.Connection;
import java.sql.SQLException;

/** Ending a failed transaction without hiding why it failed. */
public final class Transactions {
    private Transactions() {
    }

    /** Rolls back after {@code failure}; a failed rollback (the connection is gone) is attached to it, not thrown. */
    public static void rollbackAfter(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            // the warehouse rolls an open transaction back itself when the session ends
            failure.addSuppressed(rollback);
        }
    }

    /** Closes {@code connection}, ignoring failures: closing is all that is left to do with it. */
    public static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // an open transaction is rolled back, and session locks released, when the session ends
        }
    }
}
