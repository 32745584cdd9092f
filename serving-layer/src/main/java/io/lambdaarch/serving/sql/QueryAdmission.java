package io.lambdaarch.serving.sql;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the reads in flight: at most {@code running} at once (one per pooled connection), at most {@code queue} more
 * waiting, each for at most {@code maxWait}. A read that finds the queue full, or waits too long, is refused at once
 * with {@link WarehouseBusyException}, so a burst of clients cannot pile up threads behind the pool.
 */
public final class QueryAdmission {
    private final Semaphore places;
    private final Semaphore connections;
    private final Duration maxWait;
    private final int running;
    private final int queue;
    private final AtomicInteger waiting = new AtomicInteger();

    public QueryAdmission(int running, int queue, Duration maxWait) {
        if (running < 1 || queue < 0) {
            throw new IllegalArgumentException(String.format("running must be >= 1 and queue >= 0: %d, %d", running, queue));
        }
        this.places = new Semaphore(running + queue);
        // Fair: the request that has waited longest gets the next free connection.
        this.connections = new Semaphore(running, true);
        this.maxWait = maxWait;
        this.running = running;
        this.queue = queue;
    }

    /** A place to run; close it when the read is done. */
    @FunctionalInterface
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Reads running now. */
    public int running() {
        return running - connections.availablePermits();
    }

    /** Reads waiting for a connection now. */
    public int waiting() {
        return waiting.get();
    }

    /** Waits for a free connection, or throws {@link WarehouseBusyException} when the queue is full or the wait too long. */
    public Permit enter() {
        if (!places.tryAcquire()) {
            throw new WarehouseBusyException(String.format(
                    "every warehouse connection is busy and %d requests are already waiting", queue));
        }
        boolean acquired = connections.tryAcquire();
        if (!acquired) {
            waiting.incrementAndGet();
            try {
                acquired = connections.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        }
        if (!acquired) {
            places.release();
        }
        if (!acquired) {
            throw new WarehouseBusyException(String.format(
                    "no warehouse connection became free within %d ms", maxWait.toMillis()));
        }
        return () -> {
            connections.release();
            places.release();
        };
    }
}
