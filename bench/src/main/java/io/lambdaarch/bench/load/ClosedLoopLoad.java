package io.lambdaarch.bench.load;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.stats.LatencySummary;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load: {@code clients} threads, each sending its next request as soon as the previous one answered,
 * for a warm-up (not counted) and then a measured period. With a fixed number of clients, latency and throughput are
 * two sides of one number (clients = throughput x latency), so both are reported.
 */
public final class ClosedLoopLoad {
    private final int clients;
    private final Duration warmup;
    private final Duration measured;

    public ClosedLoopLoad(int clients, Duration warmup, Duration measured) {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be at least 1: " + clients);
        }
        this.clients = clients;
        this.warmup = requireNonNull(warmup, "warmup is null");
        this.measured = requireNonNull(measured, "measured is null");
    }

    /** One client: its own connection, used by one thread only. */
    public interface Client extends AutoCloseable {
        /** Sends one request and waits for the whole answer; throws if it failed. */
        void call() throws Exception;

        /** Closes the client's connection (an HTTP client has none to close on Java 17; a JDBC one does). */
        @Override
        void close() throws SQLException;
    }

    /** Opens client number {@code index} (0-based). */
    @FunctionalInterface
    public interface ClientFactory {
        Client open(int index) throws Exception;
    }

    /**
     * What the measured period saw.
     *
     * @param latency latencies of the successful requests (empty if none succeeded)
     * @param succeeded successful requests
     * @param failed failed requests
     * @param queriesPerSecond successful requests per second
     * @param firstFailure the first failure's message, if any
     */
    public record Result(Optional<LatencySummary> latency, long succeeded, long failed, double queriesPerSecond,
            Optional<String> firstFailure) {
    }

    /** Something measured over the load's measured period alone, e.g. the CPU a server used. */
    public interface MeasuredPeriod {
        /** Called as the measured period starts (after the warm-up). */
        void started();

        /** Called as it ends, before the clients' last requests are waited for. */
        void ended();
    }

    public Result run(ClientFactory factory) throws InterruptedException {
        return run(factory, new MeasuredPeriod() {
            @Override
            public void started() {
            }

            @Override
            public void ended() {
            }
        });
    }

    /** Like {@link #run(ClientFactory)}, telling {@code period} when the measured period starts and ends. */
    public Result run(ClientFactory factory, MeasuredPeriod period) throws InterruptedException {
        List<Worker> workers = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(clients);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<String> firstFailure = new AtomicReference<>();
        for (int i = 0; i < clients; i++) {
            workers.add(new Worker(i, factory, ready, go, firstFailure));
        }
        workers.forEach(Thread::start);
        ready.await();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + measured.toNanos();
        workers.forEach(w -> w.window(measureFrom, end));
        go.countDown();
        sleepUntil(measureFrom);
        period.started();
        sleepUntil(end);
        period.ended();
        for (Worker worker : workers) {
            worker.join();
        }
        long succeeded = 0;
        long failed = 0;
        for (Worker worker : workers) {
            succeeded += worker.count;
            failed += worker.failures;
        }
        long[] latencies = new long[(int) succeeded];
        int at = 0;
        for (Worker worker : workers) {
            System.arraycopy(worker.latencies, 0, latencies, at, worker.count);
            at += worker.count;
        }
        Optional<LatencySummary> summary = latencies.length == 0 ? Optional.empty() : Optional.of(LatencySummary.of(latencies));
        double seconds = measured.toNanos() / 1e9;
        return new Result(summary, succeeded, failed, succeeded / seconds, Optional.ofNullable(firstFailure.get()));
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static final class Worker extends Thread {
        private final int index;
        private final ClientFactory factory;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final AtomicReference<String> firstFailure;
        private volatile long measureFrom;
        private volatile long end;
        private long[] latencies = new long[1024];
        private int count;
        private long failures;

        Worker(int index, ClientFactory factory, CountDownLatch ready, CountDownLatch go, AtomicReference<String> firstFailure) {
            super("load-client-" + index);
            this.index = index;
            this.factory = factory;
            this.ready = ready;
            this.go = go;
            this.firstFailure = firstFailure;
        }

        void window(long from, long until) {
            this.measureFrom = from;
            this.end = until;
        }

        @Override
        public void run() {
            Client client;
            try {
                client = factory.open(index);
            } catch (Exception e) {
                firstFailure.compareAndSet(null, "client " + index + " could not connect: " + e.getMessage());
                failures++;
                ready.countDown();
                return;
            }
            try (client) {
                ready.countDown();
                go.await();
                while (true) {
                    long started = System.nanoTime();
                    if (started >= end) {
                        break;
                    }
                    boolean ok = call(client);
                    long finished = System.nanoTime();
                    if (started < measureFrom || finished > end) {
                        continue;
                    }
                    if (ok) {
                        record(finished - started);
                    } else {
                        failures++;
                    }
                }
            } catch (Exception e) {
                firstFailure.compareAndSet(null, "client " + index + ": " + e.getMessage());
            }
        }

        private boolean call(Client client) {
            try {
                client.call();
                return true;
            } catch (Exception e) {
                firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                return false;
            }
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[count++] = nanos;
        }
    }
}
