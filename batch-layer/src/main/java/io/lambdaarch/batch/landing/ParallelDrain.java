package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.kafka.KafkaClients;
import io.lambdaarch.batch.kafka.PartitionReader;
import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.runtime.Progress;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.warehouse.TableLoad;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the partitions of a plan in parallel, each drain thread with its own consumer taking the next partition
 * when it is done with one, while the calling thread (the one that owns the warehouse connection) streams the COPY
 * rows they encode into the open {@link TableLoad}. When anything fails, the drains are told to stop (never
 * interrupted) and the first failure is what the run reports. Memory stays bounded whatever the lag: a few row blocks in the
 * hand-off, one fetch, one block and two gzip streams per drain thread.
 */
final class ParallelDrain {
    private static final Logger LOG = LoggerFactory.getLogger(ParallelDrain.class);
    private static final int BLOCK_BYTES = 128 * 1024;
    private static final int QUEUED_BLOCKS = 8;
    // Short: once the last block is in, the end of the drains is noticed within one wait.
    private static final Duration POLL = Duration.ofMillis(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final BatchConfig config;
    private final ArchiveUploads uploads;
    private final KafkaClients kafka;
    private final CrashPoints crashPoints;
    private final Progress progress;
    private final Clock clock;

    ParallelDrain(BatchConfig config, ArchiveUploads uploads, KafkaClients kafka, CrashPoints crashPoints, Progress progress) {
        this.config = requireNonNull(config, "config is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.progress = requireNonNull(progress, "progress is null");
        this.clock = progress.clock();
    }

    /**
     * Drains every range of {@code plan} with records; when {@code load} streams rows, every valid record's row is
     * written to it before this returns. The load is not finished here.
     */
    DrainedTopic drain(LandingPlan plan, TableLoad load) throws SQLException {
        Queue<PartitionRange> pending = new ConcurrentLinkedQueue<>(plan.ranges().stream().filter(r -> r.offsets() > 0).toList());
        int threads = Math.min(pending.size(), config.drainThreads());
        DrainCounters counters = new DrainCounters();
        if (threads == 0) {
            new Report(plan.offsets(), counters).line();
            return new DrainedTopic(List.of());
        }
        RowBlocks blocks = new RowBlocks(QUEUED_BLOCKS, BLOCK_BYTES);
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            List<Future<List<DrainedPartition>>> drains = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Optional<RowBlocks.Writer> rows = load.streamsRows() ? Optional.of(blocks.writer()) : Optional.empty();
                drains.add(pool.submit(() -> drainAll(pending, rows, counters, blocks::stopped)));
            }
            long feedStarted = System.nanoTime();
            long copyNanos = feed(load, blocks, drains, new Report(plan.offsets(), counters));
            LOG.info("drain: {} threads, {} ms; COPY writes {} ms; drains waiting for the COPY {} ms (summed over threads)",
                    threads, (System.nanoTime() - feedStarted) / 1_000_000, copyNanos / 1_000_000,
                    blocks.roomWaitNanos() / 1_000_000);
            List<DrainedPartition> drained = new ArrayList<>();
            for (Future<List<DrainedPartition>> drain : drains) {
                drained.addAll(result(drain));
            }
            return new DrainedTopic(drained);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Landing was interrupted; nothing was committed", e);
        } finally {
            blocks.stop();
            stop(pool);
        }
    }

    private List<DrainedPartition> drainAll(Queue<PartitionRange> pending, Optional<RowBlocks.Writer> rows,
            DrainCounters counters, BooleanSupplier stopped) throws InterruptedException {
        List<DrainedPartition> drained = new ArrayList<>();
        PartitionReader reader = new PartitionReader(kafka.consumer(), kafka.settings().bootstrapServers(),
                config.kafka().topic(), config.kafkaTimeout(), clock);
        try (PartitionDrainer drainer = new PartitionDrainer(config, uploads, reader, rows, counters, stopped)) {
            for (PartitionRange range = pending.poll(); range != null; range = pending.poll()) {
                drained.add(drainer.drain(range));
            }
        }
        return drained;
    }

    /**
     * Streams the drains' row blocks into {@code load} until every drain is done, failing as soon as one fails (the
     * caller's finally stops the others); returns the time spent writing into the load.
     */
    private long feed(TableLoad load, RowBlocks blocks, List<Future<List<DrainedPartition>>> drains, Report report)
            throws SQLException, InterruptedException {
        boolean first = true;
        long copyNanos = 0;
        while (true) {
            Optional<RowBlocks.Block> block = blocks.poll(POLL);
            if (block.isPresent()) {
                long started = System.nanoTime();
                load.write(block.get().bytes(), 0, block.get().length());
                copyNanos += System.nanoTime() - started;
                if (first) {
                    first = false;
                    crashPoints.reached(CrashPoint.MID_COPY);
                }
            } else if (drains.stream().allMatch(Future::isDone)) {
                // A drain hands its last block on before it ends, so what is queued now is all that is left.
                for (Optional<RowBlocks.Block> rest = blocks.poll(); rest.isPresent(); rest = blocks.poll()) {
                    load.write(rest.get().bytes(), 0, rest.get().length());
                }
                for (Future<List<DrainedPartition>> drain : drains) {
                    result(drain);
                }
                report.line();
                return copyNanos;
            }
            for (Future<List<DrainedPartition>> drain : drains) {
                if (drain.isDone()) {
                    result(drain);
                }
            }
            if (progress.due()) {
                report.line();
            }
        }
    }

    /** A finished drain's partitions, or its failure as it was thrown. */
    private static List<DrainedPartition> result(Future<List<DrainedPartition>> drain) throws InterruptedException {
        try {
            return drain.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new TerseException("Landing failed: " + cause.getMessage(), cause);
        }
    }

    /**
     * Waits a while for stopped drains to close their consumers. A drain stuck in a client call (Kafka silent, S3
     * slow) is left behind: its thread is a daemon, and the run's own outcome is already decided.
     */
    private static void stop(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("Landing's drain threads did not stop within {} s", STOP_TIMEOUT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger next = new AtomicInteger(1);
        return task -> {
            Thread thread = new Thread(task, "land-drain-" + next.getAndIncrement());
            // A drain stuck in a client call must not keep a failed run's JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The "land:" progress line, over every drain. */
    private final class Report {
        private final long plannedOffsets;
        private final DrainCounters counters;
        private final Instant started = clock.instant();

        Report(long plannedOffsets, DrainCounters counters) {
            this.plannedOffsets = plannedOffsets;
            this.counters = counters;
        }

        void line() {
            long records = counters.records();
            progress.line("land: " + Progress.count(records) + " records (" + Progress.count(counters.invalid()) + " invalid), "
                    + Progress.megabytes(counters.kafkaBytes()) + ", "
                    + Progress.rate(records, Duration.between(started, clock.instant()))
                    + ", remaining lag " + Progress.count(Math.max(0, plannedOffsets - records)));
        }
    }
}
