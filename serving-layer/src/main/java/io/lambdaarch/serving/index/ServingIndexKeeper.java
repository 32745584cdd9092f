package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.serving.sql.ReadTransactions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link ServingIndex} of the latest recompute, loading it on a background thread of its own when a request
 * sees a recompute the index is not of yet. Until that load is done, such requests answer from SQL as before: an
 * index is only ever used by a request that read the same latest recompute in its own transaction, so an answer never
 * mixes two recomputes. The index and the load have their own metrics on /metrics.
 */
public final class ServingIndexKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingIndexKeeper.class);
    // After a failed load (the warehouse away, say), the next request may try again after this long.
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final String viewName;
    private final ServingIndexLoader loader;
    private final ReadTransactions reads;
    private final long maxRows;
    private final ExecutorService executor;
    private final AtomicReference<ServingIndex> current = new AtomicReference<>();
    private final AtomicBoolean loading = new AtomicBoolean();
    private final MultiGauge version;
    private volatile String refusedRunId;
    private volatile long retryAtNanos = System.nanoTime();
    private volatile double lastLoadSeconds;

    /**
     * @param reads a pool of its own: a load holds a connection for seconds, which no request should wait behind
     * @param maxRows the bound the loader applies ({@code LAMBDA_SERVING_INDEX_ROWS}); 0 keeps no index at all
     */
    public ServingIndexKeeper(String viewName, ServingIndexLoader loader, ReadTransactions reads, long maxRows,
            MeterRegistry registry) {
        this.viewName = requireNonNull(viewName, "viewName is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.reads = requireNonNull(reads, "reads is null");
        this.maxRows = maxRows;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "serving-index-loader-" + viewName);
            thread.setDaemon(true);
            return thread;
        });
        Gauge.builder("lambda.serving.index.rows", this, keeper -> keeper.index().map(ServingIndex::rows).orElse(0L))
                .description("batch table rows held in the serving layer's in-memory index of a view (0: none, the API answers"
                        + " from SQL)")
                .tag("view", viewName).register(registry);
        Gauge.builder("lambda.serving.index.groups", this, keeper -> keeper.index().map(ServingIndex::groupCount).orElse(0))
                .description("groups (locations) in the in-memory index").tag("view", viewName).register(registry);
        Gauge.builder("lambda.serving.index.bytes", this, keeper -> keeper.index().map(ServingIndex::bytes).orElse(0L))
                .description("approximate heap held by the in-memory index").baseUnit("bytes").tag("view", viewName)
                .register(registry);
        Gauge.builder("lambda.serving.index.load.seconds", this, keeper -> keeper.lastLoadSeconds)
                .description("how long the latest load of the in-memory index took").tag("view", viewName)
                .register(registry);
        this.version = MultiGauge.builder("lambda.serving.index.version")
                .description("1, labelled with the recompute the in-memory index holds").register(registry);
    }

    /** Starts loading the latest recompute's index, unless the bound is 0. */
    public void start() {
        if (maxRows == 0) {
            LOG.info("Serving index off (LAMBDA_SERVING_INDEX_ROWS=0): the API answers every question from SQL");
            return;
        }
        startLoad();
    }

    /**
     * The index of recompute {@code batchRunId} when it is loaded; otherwise empty (answer from SQL), and a load of
     * the latest recompute starts in the background unless one is running.
     */
    public Optional<ServingIndex> forRun(Optional<String> batchRunId) {
        if (maxRows == 0 || batchRunId.isEmpty()) {
            return Optional.empty();
        }
        ServingIndex index = current.get();
        if (index != null && index.batchRunId().equals(batchRunId.get())) {
            return Optional.of(index);
        }
        if (!batchRunId.get().equals(refusedRunId) && System.nanoTime() - retryAtNanos >= 0) {
            startLoad();
        }
        return Optional.empty();
    }

    // Visible for testing
    Optional<ServingIndex> index() {
        return Optional.ofNullable(current.get());
    }

    private void startLoad() {
        if (!loading.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::load);
        } catch (RuntimeException e) {
            // Closed: the server is stopping.
            loading.set(false);
        }
    }

    private void load() {
        long start = System.nanoTime();
        try {
            ServingIndexLoader.Outcome outcome = reads.read(loader::load);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (outcome instanceof ServingIndexLoader.Loaded loaded) {
                ServingIndex index = loaded.index();
                current.set(index);
                lastLoadSeconds = seconds;
                version.register(List.of(MultiGauge.Row.of(Tags.of("batch_run", index.batchRunId(), "view", viewName), 1)),
                        true);
                LOG.info("Serving index of view {}, recompute {}, loaded: {} rows, {} groups, ~{} MB, in {} s", viewName,
                        index.batchRunId(),
                        index.rows(), index.groupCount(), index.bytes() >> 20, String.format("%.2f", seconds));
            } else if (outcome instanceof ServingIndexLoader.TooLarge tooLarge) {
                // The old index serves no request any more (they all read the new recompute): let it go.
                current.set(null);
                version.register(List.of(), true);
                refusedRunId = tooLarge.batchRunId();
                LOG.warn("Serving index of view {} off for recompute {}: its batch table has more than {} rows"
                        + " (LAMBDA_SERVING_INDEX_ROWS); the API answers from SQL", viewName, tooLarge.batchRunId(), maxRows);
            } else if (outcome instanceof ServingIndexLoader.NullGroup nullGroup) {
                current.set(null);
                version.register(List.of(), true);
                refusedRunId = nullGroup.batchRunId();
                LOG.warn("Serving index of view {} off for recompute {}: a row has a NULL group value, which the index"
                        + " does not rank; the API answers from SQL", viewName, nullGroup.batchRunId());
            } else {
                LOG.debug("No recompute yet: no serving index to load");
            }
        } catch (Exception | OutOfMemoryError e) {
            retryAtNanos = System.nanoTime() + RETRY_AFTER.toNanos();
            LOG.warn("Loading the serving index of view {} failed, the API answers from SQL (next try in {} s): {}",
                    viewName, RETRY_AFTER.toSeconds(), e.toString());
        } finally {
            loading.set(false);
        }
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
