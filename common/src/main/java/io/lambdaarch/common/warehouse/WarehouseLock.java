package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An exclusive lock held by one session for as long as it lives, in the warehouse's own terms. The session's end
 * in any way (a killed process included) releases it, so no lock is ever left behind.
 */
public interface WarehouseLock {

    /** True when the lock is an object of the project's schema, which must then be installed before it is taken. */
    boolean livesInSchema();

    /**
     * Takes the lock on {@code connection}, which holds it from then on, waiting up to {@code timeout}; false when
     * another session held it all along. {@code waiting} hears once, with the holder if known, that the wait may be
     * long: when the first try failed, or before a wait the warehouse cannot watch.
     *
     * @param owner names the session, so a waiting one can tell who holds the lock
     */
    boolean acquire(Connection connection, String owner, Duration timeout, Clock clock, Consumer<Optional<Holder>> waiting)
            throws SQLException;

    /** The object locked, for messages, where it has a name ({@code table batch_lock}). */
    Optional<String> lockedObject();

    /** Who holds the lock now, as far as the warehouse can tell; reads without taking it. */
    Optional<Holder> holder(Connection connection) throws SQLException;

    /** Releases the lock held on {@code connection}, which stays open. */
    void release(Connection connection) throws SQLException;

    /**
     * The session holding a lock.
     *
     * @param who the session as the warehouse names it (its owner's name, client, user)
     * @param since when it took the lock, when the warehouse can say
     */
    record Holder(String who, Optional<Instant> since) {
        public Holder {
            requireNonNull(who, "who is null");
            requireNonNull(since, "since is null");
        }
    }
}
