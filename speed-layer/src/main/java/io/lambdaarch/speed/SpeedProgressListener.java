package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line per micro-batch: input and processing rate, batch duration, how far the source is behind the end of
 * the topic (offsets) and behind the clock (ingest lag), and the watermark. Warns when Spark dropped late records,
 * since those are missing from speed_view until the batch layer's cutoff passes them.
 */
public final class SpeedProgressListener extends StreamingQueryListener {
    private static final Logger LOG = LoggerFactory.getLogger(SpeedProgressListener.class);
    private static final String TRIGGER_EXECUTION = "triggerExecution";
    private static final int SLOWEST_PHASES = 3;

    private final Clock clock;

    public SpeedProgressListener(Clock clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        LOG.info("Query {} started (id {}, run {})", event.name(), event.id(), event.runId());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        LOG.info(describe(progress, clock.instant()));
        long dropped = Arrays.stream(progress.stateOperators()).mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum();
        if (dropped > 0) {
            LOG.warn("Batch {}: {} records arrived behind the watermark and were not counted; raise LAMBDA_SPEED_WATERMARK_DELAY"
                    + " if Kafka partitions fall this far behind one another", progress.batchId(), dropped);
        }
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
        // nothing new in the topic: no line, or an idle job would log every trigger
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.exception().isDefined()) {
            LOG.error("Query {} failed: {}", event.id(), event.exception().get().lines().findFirst().orElse(""));
        } else {
            LOG.info("Query {} stopped", event.id());
        }
    }

    /** The progress line; {@code now} measures the ingest lag. */
    // Visible for testing
    static String describe(StreamingQueryProgress progress, Instant now) {
        long offsetsBehind = 0;
        for (SourceProgress source : progress.sources()) {
            offsetsBehind += metric(source.metrics(), "maxOffsetsBehindLatest");
        }
        Optional<Instant> maxIngest = eventTime(progress.eventTime(), "max");
        String lag = maxIngest.map(t -> String.format("%.1f s", Duration.between(t, now).toMillis() / 1000.0)).orElse("n/a");
        return String.format("Batch %d: %d records, input %.1f rec/s, processed %.1f rec/s, took %d ms%s,"
                        + " %d offsets behind latest, ingest lag %s, watermark %s",
                progress.batchId(), progress.numInputRows(), finite(progress.inputRowsPerSecond()),
                finite(progress.processedRowsPerSecond()), progress.batchDuration(), slowestPhases(progress.durationMs()),
                offsetsBehind, lag, eventTime(progress.eventTime(), "watermark").map(Instant::toString).orElse("n/a"));
    }

    /**
     * The three longest phases of the trigger (Spark's durationMs without their sum, triggerExecution), so a slow
     * batch says whether planning, the sink or the checkpoint's write-ahead log took the time.
     */
    private static String slowestPhases(Map<String, Long> durations) {
        if (durations == null || durations.isEmpty()) {
            return "";
        }
        String phases = durations.entrySet().stream()
                .filter(e -> !TRIGGER_EXECUTION.equals(e.getKey()) && e.getValue() != null && e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(SLOWEST_PHASES)
                .map(e -> e.getKey() + " " + e.getValue() + " ms")
                .collect(Collectors.joining(", "));
        return phases.isEmpty() ? "" : " (" + phases + ")";
    }

    private static long metric(Map<String, String> metrics, String name) {
        String value = metrics == null ? null : metrics.get(name);
        if (value == null) {
            return 0;
        }
        try {
            return (long) Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> eventTime(Map<String, String> eventTime, String key) {
        if (eventTime == null || eventTime.get(key) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(eventTime.get(key)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }
}
