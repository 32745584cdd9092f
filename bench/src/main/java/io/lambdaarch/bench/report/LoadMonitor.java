package io.lambdaarch.bench.report;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAccumulator;

/** Samples the load average during the run, so the results can say how busy the machine was throughout. */
public final class LoadMonitor implements AutoCloseable {
    private static final Duration PERIOD = Duration.ofSeconds(5);

    private final LoadAverage atStart = LoadAverage.now();
    private final DoubleAccumulator highest = new DoubleAccumulator(Math::max, atStart.oneMinute());
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "load-monitor");
        thread.setDaemon(true);
        return thread;
    });

    public LoadMonitor() {
        sampler.scheduleAtFixedRate(() -> highest.accumulate(LoadAverage.now().oneMinute()),
                PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The load at start, now, and the highest 1-minute load seen so far. */
    public Load summary() {
        LoadAverage now = LoadAverage.now();
        highest.accumulate(now.oneMinute());
        return new Load(atStart, now, highest.get());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }

    /**
     * The load over the run.
     *
     * @param atStart when the run started
     * @param atEnd when it ended
     * @param highestOneMinute the highest 1-minute load sampled in between
     */
    public record Load(LoadAverage atStart, LoadAverage atEnd, double highestOneMinute) {
    }
}
