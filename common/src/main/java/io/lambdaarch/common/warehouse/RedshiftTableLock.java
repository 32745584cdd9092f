package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
            Consumer<Optional<String>> waiting) throws SQLException {
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
    public Optional<String> holder(Connection connection) {
        return Optional.of("table " + table);
    }

    @Override
    public void release(Connection connection) throws SQLException {
        connection.rollback();
    }
}
