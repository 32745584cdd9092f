package io.lambdaarch.common.sql;

import io.lambdaarch.common.error.Failures;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The one place that decides which warehouse failures are worth retrying. */
public final class WarehouseFailures {
    private static final Set<String> RETRIABLE_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");
    private static final String SERIALIZATION_FAILURE = "40001";
    /**
     * Redshift's serializable isolation violation: {@code ERROR: 1023 DETAIL: Serializable isolation violation on
     * table ...}. Its JDBC driver reports it with SQLSTATE XX000 (internal error), its ODBC driver with HY000, so
     * the code in the text is what identifies it
     * (https://docs.aws.amazon.com/redshift/latest/dg/c_serial_isolation.html).
     */
    private static final Pattern REDSHIFT_1023 = Pattern.compile("(?s)\\b1023\\b.*serializable isolation violation");

    private WarehouseFailures() {
    }

    /**
     * True for failures a retry may cure: lost or refused connections (SQLSTATE class 08), serialization conflicts
     * ({@link #isSerializationConflict}), deadlock aborts (40P01) and server shutdown/start-up (57P01-57P03). Walks the
     * cause chain, since pools and drivers wrap them.
     */
    public static boolean isTransient(Throwable failure) {
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
        return isSerializationConflict(failure);
    }

    /**
     * True when the warehouse aborted the transaction because a concurrent one conflicted with it: SQLSTATE 40001
     * (PostgreSQL), or Redshift's error 1023 in the message, whatever SQLSTATE the driver put on it. The transaction
     * did nothing, and replaying it whole is what Redshift's documentation says to do.
     */
    public static boolean isSerializationConflict(Throwable failure) {
        for (Throwable current : Failures.chain(failure)) {
            if (current instanceof SQLException sql) {
                if (SERIALIZATION_FAILURE.equals(sql.getSQLState())) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null && REDSHIFT_1023.matcher(message.toLowerCase(Locale.ROOT)).find()) {
                    return true;
                }
            }
        }
        return false;
    }
}
