package io.lambdaarch.common.ledger;

import static io.lambdaarch.common.sql.UtcTimestamps.utc;
import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * Writes speed_lease inside the caller's transaction. Every change but the first insert is conditional on the epoch
 * the caller last saw, so of two drivers racing for the lease exactly one wins, and a fenced driver learns it from an
 * update count of zero.
 */
public final class SpeedLeaseWriter {
    private final LedgerTables tables;

    public SpeedLeaseWriter(LedgerTables tables) {
        this.tables = requireNonNull(tables, "tables is null");
    }

    /** Creates the first lease of its job name (fails on the primary key if another driver created it meanwhile). */
    public void insert(Connection connection, SpeedLease lease) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.speedLease()
                + " (query_name, checkpoint, epoch, holder, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, lease.queryName());
            insert.setString(2, lease.checkpoint());
            insert.setLong(3, lease.epoch());
            if (lease.holder().isPresent()) {
                insert.setString(4, lease.holder().get());
            } else {
                insert.setNull(4, Types.VARCHAR);
            }
            insert.setObject(5, utc(lease.acquiredAt()));
            insert.setObject(6, utc(lease.heartbeatAt()));
            insert.executeUpdate();
        }
    }

    /**
     * Replaces the lease of {@code lease.queryName()} with {@code lease} if its epoch is still {@code seenEpoch};
     * {@code lease.epoch()} must be greater. Returns false when another driver changed it first.
     */
    public boolean takeOver(Connection connection, long seenEpoch, SpeedLease lease) throws SQLException {
        if (lease.epoch() <= seenEpoch) {
            throw new IllegalArgumentException("a take-over must bump the epoch: " + lease.epoch() + " <= " + seenEpoch);
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.speedLease()
                + " SET checkpoint = ?, epoch = ?, holder = ?, acquired_at = ?, heartbeat_at = ?"
                + " WHERE query_name = ? AND epoch = ?")) {
            update.setString(1, lease.checkpoint());
            update.setLong(2, lease.epoch());
            update.setString(3, lease.holder().orElseThrow(() -> new IllegalArgumentException("a take-over needs a holder")));
            update.setObject(4, utc(lease.acquiredAt()));
            update.setObject(5, utc(lease.heartbeatAt()));
            update.setString(6, lease.queryName());
            update.setLong(7, seenEpoch);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Records a sign of life of the holder of {@code epoch}; false when the lease has moved on to another epoch (the
     * caller is fenced). Inside a micro-batch's transaction this also locks the row until commit, so a take-over
     * waits for the batch to finish, and the batch after it fails.
     */
    public boolean heartbeat(Connection connection, String queryName, long epoch, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.speedLease()
                + " SET heartbeat_at = ? WHERE query_name = ? AND epoch = ? AND holder IS NOT NULL")) {
            update.setObject(1, utc(at));
            update.setString(2, queryName);
            update.setLong(3, epoch);
            return update.executeUpdate() == 1;
        }
    }

    /** Gives the lease of {@code epoch} up (a clean stop), so the next start need not wait for it to expire. */
    public boolean release(Connection connection, String queryName, long epoch) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + tables.speedLease()
                + " SET holder = NULL WHERE query_name = ? AND epoch = ?")) {
            update.setString(1, queryName);
            update.setLong(2, epoch);
            return update.executeUpdate() == 1;
        }
    }
}
