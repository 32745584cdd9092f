package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a run's finished archive files in the background, so neither a drain nor the COPY waits for S3: the drains
 * go on with their next records, and on PostgreSQL the uploads overlap the end of the COPY and the first-copy index
 * (docs/batch-layer.md#where-landing-time-goes). The run waits for every upload ({@link #awaitAll}) before its manifest
 * and its commit, so a committed run's files are all in S3, as before. At most {@code maxStaged} files wait on disk:
 * a drain that cuts files faster than they upload waits. Thread-safe.
 */
final class ArchiveUploads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveUploads.class);
    private static final String CONTENT_TYPE = "application/x-ndjson";
    /** How often a drain waiting for a free upload slot checks whether the run stopped. */
    private static final long STOP_CHECK_MILLIS = 50;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final ArchiveStore store;
    private final CrashPoints crashPoints;
    private final ExecutorService pool;
    private final Semaphore staged;
    private final List<Future<?>> uploads = new ArrayList<>();
    private final LongAdder uploadNanos = new LongAdder();
    private volatile boolean stopped;

    ArchiveUploads(ArchiveStore store, CrashPoints crashPoints, int threads, int maxStaged) {
        this.store = requireNonNull(store, "store is null");
        this.crashPoints = requireNonNull(crashPoints, "crashPoints is null");
        this.pool = Executors.newFixedThreadPool(threads, daemonThreads());
        this.staged = new Semaphore(maxStaged);
    }

    /**
     * Uploads {@code file}, a staged file this object now owns and deletes, as {@code key}; returns at once unless
     * {@code maxStaged} files are already waiting.
     */
    void upload(String key, Path file) {
        try {
            while (!staged.tryAcquire(STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    delete(file);
                    throw new CancellationException("landing stopped");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(file);
            throw new CancellationException("landing stopped");
        }
        Runnable task = () -> {
            try {
                if (!stopped) {
                    long started = System.nanoTime();
                    store.putFile(key, file, CONTENT_TYPE);
                    uploadNanos.add(System.nanoTime() - started);
                    LOG.debug("Uploaded {}", key);
                    crashPoints.reached(CrashPoint.MID_UPLOAD);
                }
            } finally {
                delete(file);
                staged.release();
            }
        };
        synchronized (uploads) {
            uploads.add(pool.submit(task));
        }
    }

    /** Waits for every upload handed in so far; the first failure is thrown as it was thrown. */
    void awaitAll() {
        List<Future<?>> pending;
        synchronized (uploads) {
            pending = List.copyOf(uploads);
        }
        for (Future<?> upload : pending) {
            try {
                upload.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new TerseException("Archive upload failed: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TerseException("Landing was interrupted; nothing was committed", e);
            }
        }
    }

    /** Time spent uploading, summed over the upload threads. */
    long uploadNanos() {
        return uploadNanos.sum();
    }

    /**
     * Stops: uploads not started are skipped (their staged files deleted), a drain waiting for a slot gives up, and
     * this waits a while for uploads in progress. A file already in S3 stays; the retry overwrites its key.
     */
    @Override
    public void close() {
        stopped = true;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.debug("Archive uploads did not stop within {} s", STOP_TIMEOUT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover staging file wastes disk but harms nothing; the temp directory is the operator's
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger next = new AtomicInteger(1);
        return task -> {
            Thread thread = new Thread(task, "land-upload-" + next.getAndIncrement());
            // An upload stuck in a client call must not keep a failed run's JVM alive.
            thread.setDaemon(true);
            return thread;
        };
    }
}
