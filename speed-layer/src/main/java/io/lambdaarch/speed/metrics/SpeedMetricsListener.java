package io.lambdaarch.speed.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Feeds every micro-batch's progress (Spark's own streaming metrics) into a Micrometer registry in the driver:
 * batches, input rows, input and processed rates, batch duration, the duration of each phase of the trigger, state
 * rows, rows dropped behind the watermark (late), offsets behind the end of the topic, ingest lag and watermark.
 * Spark calls it on its listener thread; the meters are thread-safe and a scrape reads the latest values.
 */
public final class SpeedMetricsListener extends StreamingQueryListener {
    private static final double UNKNOWN = Double.NaN;

    private final MeterRegistry registry;
    private final Clock clock;
    private final Counter batches;
    private final Counter inputRows;
    private final Counter lateRows;
    private final Timer batchDuration;
    private final AtomicReference<Double> inputRate = new AtomicReference<>(UNKNOWN);
    private final AtomicReference<Double> processedRate = new AtomicReference<>(UNKNOWN);
    private final AtomicReference<Double> stateRows = new AtomicReference<>(UNKNOWN);
    private final AtomicReference<Double> offsetsBehind = new AtomicReference<>(UNKNOWN);
    private final AtomicReference<Instant> maxIngestTime = new AtomicReference<>();
    private final AtomicReference<Instant> watermark = new AtomicReference<>();
    private final AtomicReference<Instant> lastProgress = new AtomicReference<>();
    private final AtomicReference<Double> lastBatchId = new AtomicReference<>(UNKNOWN);

    public SpeedMetricsListener(MeterRegistry registry, Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.clock = requireNonNull(clock, "clock is null");
        batches = Counter.builder("lambda.speed.batches").description("micro-batches that read records").register(registry);
        inputRows = Counter.builder("lambda.speed.input.rows").description("Kafka records read, valid or not")
                .register(registry);
        lateRows = Counter.builder("lambda.speed.late.rows")
                .description("rows dropped behind the watermark: not in speed_view until the batch cutoff passes them")
                .register(registry);
        batchDuration = Timer.builder("lambda.speed.batch.duration").description("duration of a micro-batch")
                .register(registry);
        gauge("lambda.speed.input.rows.per.second", "rate at which the latest micro-batch's data arrived", null, inputRate);
        gauge("lambda.speed.processed.rows.per.second", "rate at which the latest micro-batch was processed", null,
                processedRate);
        gauge("lambda.speed.state.rows", "rows held in streaming state (deduplication) after the latest micro-batch",
                null, stateRows);
        gauge("lambda.speed.offsets.behind.latest", "records between the latest micro-batch and the end of the topic",
                null, offsetsBehind);
        gauge("lambda.speed.last.batch.id", "Spark's id of the latest micro-batch", null, lastBatchId);
        Gauge.builder("lambda.speed.ingest.lag", this, listener -> listener.ingestLagSeconds())
                .description("now minus the newest ingest time the speed layer has read").baseUnit("seconds")
                .register(registry);
        instantGauge("lambda.speed.max.ingest.timestamp", "newest ingest time read (Unix time)", maxIngestTime);
        instantGauge("lambda.speed.watermark.timestamp", "the query's watermark (Unix time)", watermark);
        instantGauge("lambda.speed.last.progress.timestamp", "when the latest micro-batch ended (Unix time)", lastProgress);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        // nothing to count until the first micro-batch
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        record(event.progress());
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        // an idle trigger reads nothing; the lag gauge keeps growing from the clock, as it should
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        // the process ends with the query
    }

    /** Records one micro-batch's progress. */
    // Visible for testing
    void record(StreamingQueryProgress progress) {
        batches.increment();
        inputRows.increment(progress.numInputRows());
        batchDuration.record(progress.batchDuration(), TimeUnit.MILLISECONDS);
        inputRate.set(finite(progress.inputRowsPerSecond()));
        processedRate.set(finite(progress.processedRowsPerSecond()));
        lastBatchId.set((double) progress.batchId());
        Map<String, Long> phases = progress.durationMs();
        if (phases != null) {
            phases.forEach((phase, millis) -> {
                if (millis != null) {
                    Timer.builder("lambda.speed.phase.duration")
                            .description("duration of one phase of a micro-batch's trigger (Spark's durationMs)")
                            .tag("phase", phase)
                            .register(registry)
                            .record(millis, TimeUnit.MILLISECONDS);
                }
            });
        }
        long rows = 0;
        long dropped = 0;
        for (StateOperatorProgress operator : progress.stateOperators()) {
            rows += operator.numRowsTotal();
            dropped += operator.numRowsDroppedByWatermark();
        }
        stateRows.set((double) rows);
        lateRows.increment(dropped);
        double behind = 0;
        for (SourceProgress source : progress.sources()) {
            behind += metric(source.metrics(), "maxOffsetsBehindLatest");
        }
        offsetsBehind.set(behind);
        eventTime(progress.eventTime(), "max").ifPresent(maxIngestTime::set);
        eventTime(progress.eventTime(), "watermark").ifPresent(watermark::set);
        lastProgress.set(parse(progress.timestamp()).orElse(clock.instant()).plusMillis(progress.batchDuration()));
    }

    private double ingestLagSeconds() {
        Instant max = maxIngestTime.get();
        if (max == null) {
            return UNKNOWN;
        }
        return Math.max(0, Duration.between(max, clock.instant()).toMillis()) / 1000.0;
    }

    private void gauge(String name, String description, String unit, AtomicReference<Double> value) {
        Gauge.builder(name, value, AtomicReference::get).description(description).baseUnit(unit).register(registry);
    }

    private void instantGauge(String name, String description, AtomicReference<Instant> value) {
        Gauge.builder(name, value, v -> v.get() == null ? UNKNOWN : v.get().toEpochMilli() / 1000.0)
                .description(description).baseUnit("seconds").register(registry);
    }

    private static double metric(Map<String, String> metrics, String name) {
        String value = metrics == null ? null : metrics.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> eventTime(Map<String, String> eventTime, String key) {
        if (eventTime == null) {
            return Optional.empty();
        }
        return parse(eventTime.get(key));
    }

    private static Optional<Instant> parse(String instant) {
        if (instant == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(instant));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
