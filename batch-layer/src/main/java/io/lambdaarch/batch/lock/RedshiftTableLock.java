package io.lambdaarch.batch.lock;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Redshift has no advisory locks: the job opens a transaction on its own connection and takes {@code LOCK batch_lock}
 * (an exclusive table lock), holding it until the run ends. A second run blocks in LOCK; a statement_timeout bounds
 * that wait. The lock ends with the transaction, so a killed run releases it when its connection drops.
 * {@link #holder} reads who holds it.
 */
public final class RedshiftTableLock implements BatchLock {
    /** SQLSTATE of a statement cancelled by statement_timeout. */
    private static final String QUERY_CANCELED = "57014";

    private final Connection connection;

    private RedshiftTableLock(Connection connection) {
        this.connection = connection;
    }

    /** Takes the lock on {@code connection} (which the lock then owns and closes), waiting up to {@code timeout}. */
    public static BatchLock acquire(Connection connection, Duration timeout, PrintWriter out, Clock clock) {
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
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                Optional<LockHolder> holder = holderAfterTimeout(connection, e);
                Transactions.closeQuietly(connection);
                Instant now = clock.instant();
                throw new LockHeldException("Another batch run holds the lock (table " + Tables.BATCH_LOCK
                        + holder.map(h -> ", " + h.describe(now)).orElse("") + "); waited " + timeout.toSeconds()
                        + " s (--lock-timeout). Nothing was changed.", holder, e);
            }
            Transactions.closeQuietly(connection);
            throw new TerseException("Cannot take the batch lock in the warehouse: " + Failures.rootMessage(e), e);
        }
    }

    private static Optional<LockHolder> holderAfterTimeout(Connection connection, SQLException timeout) {
        try {
            connection.rollback();
            return holder(connection);
        } catch (SQLException e) {
            // the lock was not taken either way; the message just cannot name the holder
            timeout.addSuppressed(e);
            return Optional.empty();
        }
    }

    /**
     * Who holds the lock table, from SVV_TRANSACTIONS (granted locks of open transactions; {@code txn_start} is when
     * the holder's transaction began, which is when it asked for the lock) and STV_SESSIONS (user name).
     */
    public static Optional<LockHolder> holder(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT t.pid, t.txn_owner, t.txn_start"
                + " FROM svv_transactions t JOIN pg_class c ON c.oid = t.relation"
                + " WHERE c.relname = ? AND t.granted AND t.lock_mode = 'AccessExclusiveLock' ORDER BY t.txn_start LIMIT 1")) {
            query.setString(1, Tables.BATCH_LOCK);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp start = rows.getTimestamp(3, Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));
                return Optional.of(new LockHolder("session " + rows.getLong(1) + " of user " + rows.getString(2).strip(),
                        Optional.ofNullable(start).map(Timestamp::toInstant)));
            }
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
