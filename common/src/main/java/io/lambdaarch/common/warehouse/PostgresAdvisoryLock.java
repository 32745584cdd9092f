package io.lambdaarch.common.warehouse;

import io.lambdaarch.common.error.TerseException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * PostgreSQL: a session-level advisory lock ({@code pg_try_advisory_lock}), polled until the timeout. The session's
 * application_name names its owner, so a waiting session can say who holds the lock.
 */
final class PostgresAdvisoryLock implements WarehouseLock {
    private static final Duration POLL = Duration.ofMillis(250);

    private final long key;

    PostgresAdvisoryLock(long key) {
        this.key = key;
    }

    @Override
    public boolean livesInSchema() {
        return false;
    }

    @Override
    public boolean acquire(Connection connection, String owner, Duration timeout, Clock clock,
            Consumer<Optional<Holder>> waiting) throws SQLException {
        connection.setAutoCommit(true);
        try (PreparedStatement name = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
            name.setString(1, owner);
            name.execute();
        }
        Instant deadline = clock.instant().plus(timeout);
        boolean announced = false;
        while (!tryLock(connection)) {
            if (!clock.instant().isBefore(deadline)) {
                return false;
            }
            if (!announced) {
                waiting.accept(holder(connection));
                announced = true;
            }
            sleep(POLL);
        }
        return true;
    }

    private boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    @Override
    public Optional<String> lockedObject() {
        return Optional.empty();
    }

    /**
     * From pg_locks (a bigint key is split into classid, objid; objsubid 1) and pg_stat_activity. The holder's session
     * runs nothing after taking the lock, so its {@code state_change} (when it went idle) is when it took the lock; a
     * session that did run something later shows that later time instead.
     */
    @Override
    public Optional<Holder> holder(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT a.application_name, a.client_addr, a.state_change"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND CAST(l.classid AS BIGINT) = ? AND CAST(l.objid AS BIGINT) = ? AND l.objsubid = 1")) {
            query.setLong(1, key >>> 32);
            query.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String name = rows.getString(1);
                String client = rows.getString(2);
                OffsetDateTime since = rows.getObject(3, OffsetDateTime.class);
                return Optional.of(new Holder((name == null || name.isEmpty() ? "a session" : name)
                        + (client == null ? "" : " from " + client), Optional.ofNullable(since).map(OffsetDateTime::toInstant)));
            }
        }
    }

    @Override
    public void release(Connection connection) throws SQLException {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, key);
            unlock.execute();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while waiting for the lock", e);
        }
    }
}
