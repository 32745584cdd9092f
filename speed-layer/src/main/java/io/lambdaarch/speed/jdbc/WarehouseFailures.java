package io.lambdaarch.speed.jdbc;

import io.lambdaarch.common.error.Failures;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/** The one place that decides which warehouse failures are worth retrying. */
final class WarehouseFailures {
    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");
    private WarehouseFailures() {
    }

    /**
     * True for failures a retry may cure: lost or refused connections (SQLSTATE class 08), serialization and deadlock
     * aborts (40001, 40P01; Redshift reports its serializable isolation violations as 40001 too) and server
     * shutdown/start-up (57P01-57P03). Walks the cause chain, since pools and drivers wrap them.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable current : Failures.chain(failure)) {
            if (current instanceof SQLTransientException || current instanceof SQLRecoverableException) {
                return true;
            }
            if (current instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || RETRIABLE_STATES.contains(state)) {
                    return true;
                }
            }
        }
        return false;
    }
}
