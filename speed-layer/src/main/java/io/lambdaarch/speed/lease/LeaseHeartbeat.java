package io.lambdaarch.speed.lease;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews the lease between micro-batches (a quiet topic runs none), four times per timeout unless a micro-batch
 * renewed it meanwhile, on a daemon thread of the driver. When the lease has been taken over it calls {@code onLost} once, which stops the query.
 */
public final class LeaseHeartbeat implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);

    private final ScheduledExecutorService executor;
    private final AtomicBoolean lost = new AtomicBoolean();

    private LeaseHeartbeat(ScheduledExecutorService executor) {
        this.executor = executor;
    }

    /** Starts renewing {@code lease} every quarter of {@code timeout}. */
    public static LeaseHeartbeat start(SpeedViewLease lease, Duration timeout, Runnable onLost) {
        requireNonNull(lease, "lease is null");
        requireNonNull(onLost, "onLost is null");
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "speed-lease-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        LeaseHeartbeat heartbeat = new LeaseHeartbeat(executor);
        Duration period = Duration.ofMillis(Math.max(1, timeout.toMillis() / 4));
        executor.scheduleWithFixedDelay(() -> heartbeat.beat(lease, period, onLost), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    /** True once the lease was found taken over. */
    public boolean lost() {
        return lost.get();
    }

    private void beat(SpeedViewLease lease, Duration period, Runnable onLost) {
        // A micro-batch renewed it meanwhile: a second renewal would only contend with the next batch's transaction.
        if (lost.get() || lease.renewedWithin(period)) {
            return;
        }
        try {
            if (!lease.heartbeat()) {
                lost.set(true);
                LOG.error("The lease on speed_view (epoch {}) was taken over by another start: stopping", lease.epoch());
                onLost.run();
            }
        } catch (SQLException | RuntimeException e) {
            // The next beat tries again; a warehouse away for longer than the timeout lets another start take over,
            // and this driver's next commit then fails on the epoch.
            LOG.warn("Cannot renew the lease on speed_view: {}", Failures.rootMessage(e));
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
