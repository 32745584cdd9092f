package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Consumer;

/**
 * Redshift has no advisory locks: the session opens a transaction and takes {@code LOCK table} (an exclusive table
 * lock), holding it until the transaction ends. A second session blocks in LOCK; a statement_timeout bounds that
 * wait. A killed session's transaction, and so its lock, ends when its connection drops.
 */
final class RedshiftTableLock implements WarehouseLock {
    /** SQLSTATE of a statement cancelled by statement_timeout. */
    private static final String QUERY_CANCELED = "57014";

    private final String table;

    RedshiftTableLock(String table) {
        this.table = requireNonNull(table, "table is null");
    }

    @Override
    public boolean livesInSchema() {
        return true;
    }

    @Override
    public boolean acquire(Connection connection, String owner, Duration timeout, Clock clock,
            Consumer<Optional<Holder>> waiting) throws SQLException {
        connection.setAutoCommit(false);
        // LOCK blocks without saying on whom, so the wait is announced before it may begin.
        waiting.accept(Optional.empty());
        try (Statement statement = connection.createStatement()) {
            for (String sql : lockStatements(timeout)) {
                statement.execute(sql);
            }
            return true;
        } catch (SQLException e) {
            if (QUERY_CANCELED.equals(e.getSQLState())) {
                connection.rollback();
                return false;
            }
            throw e;
        }
    }

    /** The statements that take the lock, bounded by {@code timeout} (statement_timeout 0 would mean no limit). */
    // Visible for testing
    List<String> lockStatements(Duration timeout) {
        long millis = Math.max(1, timeout.toMillis());
        return List.of(
                "SET statement_timeout TO " + millis,
                "LOCK " + table,
                "SET statement_timeout TO 0");
    }

    @Override
    public Optional<String> lockedObject() {
        return Optional.of("table " + table);
    }

    /**
     * From SVV_TRANSACTIONS (granted locks of open transactions; {@code txn_start} is when the holder's transaction
     * began, which is when it asked for the lock). A regular user sees only its own transactions there (docs/redshift.md).
     */
    @Override
    public Optional<Holder> holder(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT t.pid, t.txn_owner, t.txn_start"
                + " FROM svv_transactions t JOIN pg_class c ON c.oid = t.relation"
                + " WHERE c.relname = ? AND t.granted AND t.lock_mode = 'AccessExclusiveLock' ORDER BY t.txn_start LIMIT 1")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp start = rows.getTimestamp(3, Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));
                return Optional.of(new Holder("session " + rows.getLong(1) + " of user " + rows.getString(2).strip(),
                        Optional.ofNullable(start).map(Timestamp::toInstant)));
            }
        }
    }

    @Override
    public void release(Connection connection) throws SQLException {
        connection.rollback();
    }
}
