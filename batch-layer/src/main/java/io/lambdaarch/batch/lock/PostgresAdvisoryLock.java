package io.lambdaarch.batch.lock;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.jdbc.Transactions;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * PostgreSQL: a session-level advisory lock ({@code pg_try_advisory_lock}), polled until the timeout. The session's
 * application_name names the run, so a waiting run can say who holds the lock.
 */
public final class PostgresAdvisoryLock implements BatchLock {
    /** The advisory lock key of the batch job (one job per database: raw_batch belongs to one topic). */
    public static final long KEY = 0x6C_61_6D_62_64_61_42_4CL;
    /** Prefix of the application_name of a connection that holds or wants the lock. */
    public static final String APPLICATION_PREFIX = "lambda-batch ";
    private static final Duration POLL = Duration.ofMillis(250);

    private final Connection connection;

    private PostgresAdvisoryLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * Takes the lock on {@code connection} (which the lock then owns and closes), waiting up to {@code timeout};
     * throws {@link LockHeldException} naming the holder when it stays taken.
     */
    public static BatchLock acquire(Connection connection, String runId, Duration timeout, PrintWriter out, Clock clock) {
        requireNonNull(connection, "connection is null");
        try {
            connection.setAutoCommit(true);
            try (PreparedStatement name = connection.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                name.setString(1, APPLICATION_PREFIX + runId);
                name.execute();
            }
            Instant deadline = clock.instant().plus(timeout);
            boolean announced = false;
            while (!tryLock(connection)) {
                Optional<LockHolder> holder = holder(connection);
                Instant now = clock.instant();
                if (!now.isBefore(deadline)) {
                    throw new LockHeldException("Another batch run holds the lock" + holder.map(h -> " (" + h.describe(now) + ")").orElse("")
                            + "; waited " + timeout.toSeconds() + " s (--lock-timeout). Nothing was changed.", holder);
                }
                if (!announced) {
                    out.println("Waiting up to " + timeout.toSeconds() + " s for the batch lock"
                            + holder.map(h -> ", held by " + h.describe(now)).orElse(""));
                    out.flush();
                    announced = true;
                }
                sleep(POLL);
            }
            return new PostgresAdvisoryLock(connection);
        } catch (SQLException e) {
            Transactions.closeQuietly(connection);
            throw new TerseException("Cannot take the batch lock in the warehouse: " + Failures.rootMessage(e), e);
        } catch (RuntimeException e) {
            Transactions.closeQuietly(connection);
            throw e;
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, KEY);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    /**
     * Who holds the lock, from pg_locks (a bigint key is split into classid, objid; objsubid 1) and pg_stat_activity.
     * The holder's session runs nothing after taking the lock, so its {@code state_change} (when it went idle) is
     * when it took the lock; a session that did run something later shows that later time instead.
     */
    public static Optional<LockHolder> holder(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT a.application_name, a.client_addr, a.state_change"
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                + " AND CAST(l.classid AS BIGINT) = ? AND CAST(l.objid AS BIGINT) = ? AND l.objsubid = 1")) {
            query.setLong(1, KEY >>> 32);
            query.setLong(2, KEY & 0xFFFF_FFFFL);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                String name = rows.getString(1);
                String client = rows.getString(2);
                OffsetDateTime since = rows.getObject(3, OffsetDateTime.class);
                return Optional.of(new LockHolder((name == null || name.isEmpty() ? "a session" : name)
                        + (client == null ? "" : " from " + client), Optional.ofNullable(since).map(OffsetDateTime::toInstant)));
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while waiting for the batch lock", e);
        }
    }

    @Override
    public void close() {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, KEY);
            unlock.execute();
        } catch (SQLException e) {
            // closing the session below releases the lock as well
        } finally {
            Transactions.closeQuietly(connection);
        }
    }
}
