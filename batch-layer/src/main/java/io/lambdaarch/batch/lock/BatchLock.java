package io.lambdaarch.batch.lock;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.runtime.Transactions;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseLock;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The batch job's lock in the warehouse, held on its own connection for the whole run: one job per database
 * (raw_batch belongs to one topic). Closing it releases the lock; so does the end of the process in any way (the
 * warehouse drops the connection's locks with it), which is why a killed run never leaves a stale lock behind.
 */
public final class BatchLock implements AutoCloseable {
    /** The advisory lock key of the batch job, where the warehouse has advisory locks ("lambdaBL"). */
    public static final long KEY = 0x6C_61_6D_62_64_61_42_4CL;
    /** Prefix of the session name of a connection that holds or wants the lock. */
    public static final String APPLICATION_PREFIX = "lambda-batch ";

    private final WarehouseLock lock;
    private final Connection connection;

    private BatchLock(WarehouseLock lock, Connection connection) {
        this.lock = lock;
        this.connection = connection;
    }

    /** The batch job's lock as {@code warehouse} takes it: an advisory lock on {@link #KEY}, else the batch_lock table. */
    public static WarehouseLock in(Warehouse warehouse) {
        return warehouse.lock(KEY, Tables.BATCH_LOCK);
    }

    /**
     * Takes {@code lock} on {@code connection} (which the lock then owns and closes), waiting up to {@code timeout};
     * throws {@link LockHeldException} naming the holder when it stays taken.
     */
    public static BatchLock acquire(WarehouseLock lock, Connection connection, String runId, Duration timeout, PrintWriter out,
            Clock clock) {
        requireNonNull(lock, "lock is null");
        requireNonNull(connection, "connection is null");
        try {
            boolean taken = lock.acquire(connection, APPLICATION_PREFIX + runId, timeout, clock, holder -> {
                Instant now = clock.instant();
                out.println("Waiting up to " + timeout.toSeconds() + " s for the batch lock"
                        + holder.map(h -> ", held by " + LockHolder.of(h).describe(now)).orElse(""));
                out.flush();
            });
            if (!taken) {
                Optional<LockHolder> holder = holderAfterTimeout(lock, connection);
                Instant now = clock.instant();
                String named = Stream.concat(lock.lockedObject().stream(), holder.map(h -> h.describe(now)).stream())
                        .collect(Collectors.joining(", "));
                throw new LockHeldException("Another batch run holds the lock" + (named.isEmpty() ? "" : " (" + named + ")")
                        + "; waited " + timeout.toSeconds() + " s (--lock-timeout). Nothing was changed.", holder);
            }
            return new BatchLock(lock, connection);
        } catch (SQLException e) {
            Transactions.closeQuietly(connection);
            throw new TerseException("Cannot take the batch lock in the warehouse: " + Failures.rootMessage(e), e);
        } catch (RuntimeException e) {
            Transactions.closeQuietly(connection);
            throw e;
        }
    }

    /** Who holds the batch lock now, read on {@code connection} without taking it (for {@code batch status}). */
    public static Optional<LockHolder> holder(Warehouse warehouse, Connection connection) throws SQLException {
        return in(warehouse).holder(connection).map(LockHolder::of);
    }

    private static Optional<LockHolder> holderAfterTimeout(WarehouseLock lock, Connection connection) {
        try {
            return lock.holder(connection).map(LockHolder::of);
        } catch (SQLException e) {
            // the lock was not taken either way; the message just cannot name the holder
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        try {
            lock.release(connection);
        } catch (SQLException e) {
            // closing the session below releases the lock as well
        } finally {
            Transactions.closeQuietly(connection);
        }
    }
}
