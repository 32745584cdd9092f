package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints one progress line every interval while a run is going: read, sent, invalid, duplicates, the read rate and,
 * when there are any, the records Kafka has not acknowledged yet.
 */
public final class ProgressReporter implements AutoCloseable {
    private final IngestStats stats;
    private final PrintWriter out;
    private final Duration interval;
    private final ScheduledExecutorService timer;
    private long lastRead;
    private long lastNanos;

    public ProgressReporter(IngestStats stats, PrintWriter out, Duration interval) {
        this.stats = requireNonNull(stats, "stats is null");
        this.out = requireNonNull(out, "out is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ingest-progress");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts printing; the first line comes one interval from now. */
    public void start() {
        lastNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        IngestStats.Snapshot now = stats.snapshot();
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-9, (nanos - lastNanos) / 1e9);
        double rate = (now.read() - lastRead) / seconds;
        lastRead = now.read();
        lastNanos = nanos;
        String line = String.format(Locale.ROOT, "progress: read %d, sent %d, invalid %d, duplicates %d, %.0f events/s",
                now.read(), now.sent(), now.invalid(), now.duplicates(), rate);
        // Shows a backlog building up while the broker is away, before anything fails.
        if (now.pending() > 0) {
            line += String.format(Locale.ROOT, ", %d awaiting Kafka's acknowledgement", now.pending());
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
