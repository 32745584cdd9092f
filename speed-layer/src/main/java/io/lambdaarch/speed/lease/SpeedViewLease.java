package io.lambdaarch.speed.lease;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.ledger.SpeedLease;
import io.lambdaarch.common.ledger.SpeedLeaseReader;
import io.lambdaarch.common.ledger.SpeedLeaseWriter;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-writer rule of speed_view, over the speed_lease row of the job's name. {@link #acquire} takes the lease
 * before the query starts: free (never taken, released by a clean stop, or its holder silent for longer than the
 * timeout) it is taken with the next epoch; held by a live driver, or by another checkpoint without
 * {@code --replace-checkpoint}, the start is refused with one line naming the holder. Every micro-batch transaction
 * then calls {@link #verify}, which renews the lease only under this driver's epoch: after a take-over the old
 * driver's next commit fails, so it cannot write beside the new holder.
 */
public final class SpeedViewLease {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewLease.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final WarehouseConnector connector;
    private final String queryName;
    private final String checkpoint;
    private final String holder;
    private final Duration timeout;
    private final Clock clock;
    private final SpeedLeaseReader reader = new SpeedLeaseReader(LedgerTables.unqualified(), Duration.ZERO);
    private final SpeedLeaseWriter writer = new SpeedLeaseWriter(LedgerTables.unqualified());
    private volatile long epoch = -1;
    /** System.nanoTime() of the latest renewal this driver made, so the heartbeat skips renewals a batch just made. */
    private volatile long renewedAt = System.nanoTime();

    /**
     * @param checkpoint the checkpoint's identity: its location, as {@link #checkpointIdentity} resolves it
     * @param holder who this driver is, as a refused start names it
     */
    public SpeedViewLease(WarehouseConnector connector, String queryName, String checkpoint, String holder, Duration timeout,
            Clock clock) {
        this.connector = requireNonNull(connector, "connector is null");
        this.queryName = requireNonNull(queryName, "queryName is null");
        this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
        this.holder = requireNonNull(holder, "holder is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * A checkpoint location as the lease records it: a URI as given, a local path made absolute, so the same directory
     * reached from two working directories is one checkpoint.
     */
    public static String checkpointIdentity(String location) {
        if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*") && !location.matches("^[A-Za-z]:[\\\\/].*")) {
            return location;
        }
        return Path.of(location).toAbsolutePath().normalize().toString();
    }

    /** This driver as a refused start names it: host and process id. */
    public static String describeThisDriver(Instant startedAt) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", started " + startedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Takes the lease, waiting up to the timeout for a holder that stopped renewing it (a driver that died); returns
     * the lease taken. Throws a {@link TerseException} when another live driver holds it, or when it belongs to another
     * checkpoint and {@code replaceCheckpoint} is false.
     */
    public SpeedLease acquire(boolean replaceCheckpoint) throws SQLException, InterruptedException {
        Optional<SpeedLease> watched = Optional.empty();
        // Measured on this JVM's monotonic clock: the silence of a holder must not depend on two hosts' clocks agreeing.
        long watchedSince = 0;
        while (true) {
            Instant now = now();
            try (Connection connection = connector.open()) {
                connection.setAutoCommit(false);
                Optional<SpeedLease> current = reader.find(connection, queryName);
                if (current.isEmpty()) {
                    SpeedLease lease = new SpeedLease(queryName, checkpoint, 1, Optional.of(holder), now, now);
                    if (insert(connection, lease)) {
                        return taken(lease, "first lease");
                    }
                    continue;
                }
                SpeedLease lease = current.get();
                connection.rollback();
                if (!lease.checkpoint().equals(checkpoint) && !replaceCheckpoint) {
                    throw new TerseException("speed_view holds the micro-batches of checkpoint " + lease.checkpoint()
                            + " (lease epoch " + lease.epoch() + ", " + describeHolder(lease, now) + "), not of this job's "
                            + checkpoint + ": point --checkpoint (LAMBDA_SPEED_CHECKPOINT) at " + lease.checkpoint()
                            + ", or start with --replace-checkpoint to rebuild speed_view from " + checkpoint);
                }
                boolean silent = watched.isPresent() && sameBeat(watched.get(), lease)
                        && System.nanoTime() - watchedSince >= timeout.toNanos();
                boolean expired = Duration.between(lease.heartbeatAt(), now).compareTo(timeout) > 0;
                if (lease.holder().isEmpty() || expired || silent) {
                    SpeedLease next = new SpeedLease(queryName, checkpoint, lease.epoch() + 1, Optional.of(holder), now, now);
                    if (writer.takeOver(connection, lease.epoch(), next)) {
                        connection.commit();
                        return taken(next, lease.holder().isEmpty() ? "released by " + lease.checkpoint()
                                : "taken over from " + lease.holder().get() + ", silent since " + lease.heartbeatAt());
                    }
                    connection.rollback();
                    continue;
                }
                if (watched.isPresent() && !sameBeat(watched.get(), lease)) {
                    throw new TerseException("Another speed job holds the lease on speed_view: " + describeHolder(lease, now)
                            + ", checkpoint " + lease.checkpoint() + ", epoch " + lease.epoch() + ". Stop it first: two"
                            + " jobs would overwrite each other's totals");
                }
                if (watched.isEmpty()) {
                    LOG.info("speed_view's lease is held by {} (heartbeat {}): waiting up to {} for it to expire, in case"
                            + " that driver is gone", lease.holder().orElseThrow(), lease.heartbeatAt(), Durations.format(timeout));
                    watched = Optional.of(lease);
                    watchedSince = System.nanoTime();
                }
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The epoch of the lease this driver took. */
    public long epoch() {
        if (epoch < 0) {
            throw new IllegalStateException("the lease has not been acquired");
        }
        return epoch;
    }

    /**
     * Renews the lease inside the caller's transaction, or throws {@link LeaseLostException} when another driver has
     * taken it over. The renewal locks the row until the caller commits, so a take-over waits for that commit.
     */
    public void verify(Connection connection) throws SQLException {
        if (!writer.heartbeat(connection, queryName, epoch(), now())) {
            throw lost(connection);
        }
        renewedAt = System.nanoTime();
    }

    /** True when this driver renewed the lease less than {@code period} ago. */
    public boolean renewedWithin(Duration period) {
        return System.nanoTime() - renewedAt < period.toNanos();
    }

    /** Renews the lease on a connection of its own; false once another driver has taken it over. */
    public boolean heartbeat() throws SQLException {
        try (Connection connection = connector.open()) {
            boolean renewed = writer.heartbeat(connection, queryName, epoch(), now());
            if (renewed) {
                renewedAt = System.nanoTime();
            }
            return renewed;
        }
    }

    /** Gives the lease up after a clean stop, so the next start need not wait for it to expire. */
    public void release() throws SQLException {
        try (Connection connection = connector.open()) {
            writer.release(connection, queryName, epoch());
        }
    }

    /** Why this driver is fenced, naming the new holder. */
    LeaseLostException lost(Connection connection) throws SQLException {
        Optional<SpeedLease> now = reader.find(connection, queryName);
        return new LeaseLostException("This speed job (lease epoch " + epoch + ") lost its lease on speed_view to "
                + now.map(l -> l.holder().orElse("a driver that has stopped since") + " (epoch " + l.epoch() + ", checkpoint "
                        + l.checkpoint() + ")").orElse("nobody (the lease row is gone)")
                + ": it stops without committing, so two jobs never write speed_view");
    }

    private boolean insert(Connection connection, SpeedLease lease) throws SQLException {
        try {
            writer.insert(connection, lease);
            connection.commit();
            return true;
        } catch (SQLException e) {
            // Another start inserted the first lease meanwhile: look again.
            connection.rollback();
            if (reader.find(connection, queryName).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    private SpeedLease taken(SpeedLease lease, String how) {
        epoch = lease.epoch();
        LOG.info("Took the lease on speed_view: epoch {}, checkpoint {} ({})", lease.epoch(), lease.checkpoint(), how);
        return lease;
    }

    private static boolean sameBeat(SpeedLease a, SpeedLease b) {
        return a.epoch() == b.epoch() && a.heartbeatAt().equals(b.heartbeatAt()) && a.holder().equals(b.holder());
    }

    private static String describeHolder(SpeedLease lease, Instant now) {
        if (lease.holder().isEmpty()) {
            return "released";
        }
        long seconds = Math.max(0, Duration.between(lease.heartbeatAt(), now).toSeconds());
        return "held by " + lease.holder().get() + ", last heartbeat " + seconds + " s ago";
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
