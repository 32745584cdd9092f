package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.InvalidReason;
import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Spark accumulators for what the parser sees: valid records, invalid ones by reason, and the newest and oldest
 * ingest times (the oldest tells the writer whether the batch read records behind the watermark).
 * Executors add to them; the driver resets them before a micro-batch runs and reads them after. Values are exact
 * unless Spark re-runs a task, so they feed logs and speed_commits, never speed_view.
 */
public final class RecordCounters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator valid;
    private final EnumMap<InvalidReason, LongAccumulator> invalid;
    private final ExtremeLongAccumulator maxIngestMicros;
    private final ExtremeLongAccumulator minIngestMicros;

    private RecordCounters(LongAccumulator valid, EnumMap<InvalidReason, LongAccumulator> invalid,
            ExtremeLongAccumulator maxIngestMicros, ExtremeLongAccumulator minIngestMicros) {
        this.valid = valid;
        this.invalid = invalid;
        this.maxIngestMicros = maxIngestMicros;
        this.minIngestMicros = minIngestMicros;
    }

    /** Registers a fresh set of accumulators with {@code context}. */
    public static RecordCounters register(SparkContext context) {
        requireNonNull(context, "context is null");
        EnumMap<InvalidReason, LongAccumulator> invalid = new EnumMap<>(InvalidReason.class);
        for (InvalidReason reason : InvalidReason.values()) {
            invalid.put(reason, context.longAccumulator("speed.records.invalid." + reason.code()));
        }
        ExtremeLongAccumulator maxIngest = new ExtremeLongAccumulator(ExtremeLongAccumulator.Extreme.LARGEST);
        context.register(maxIngest, "speed.records.max_ingest_micros");
        ExtremeLongAccumulator minIngest = new ExtremeLongAccumulator(ExtremeLongAccumulator.Extreme.SMALLEST);
        context.register(minIngest, "speed.records.min_ingest_micros");
        return new RecordCounters(context.longAccumulator("speed.records.valid"), invalid, maxIngest, minIngest);
    }

    void countValid(long ingestMicros) {
        valid.add(1);
        maxIngestMicros.add(ingestMicros);
        minIngestMicros.add(ingestMicros);
    }

    void countInvalid(InvalidReason reason) {
        invalid.get(reason).add(1);
    }

    /** Zeroes every counter; call on the driver before the batch's job runs. */
    public void reset() {
        valid.reset();
        invalid.values().forEach(LongAccumulator::reset);
        maxIngestMicros.reset();
        minIngestMicros.reset();
    }

    /** The counts since the last {@link #reset()}. */
    public RecordCounts snapshot() {
        Map<InvalidReason, Long> byReason = new EnumMap<>(InvalidReason.class);
        invalid.forEach((reason, accumulator) -> {
            if (accumulator.sum() > 0) {
                byReason.put(reason, accumulator.sum());
            }
        });
        Optional<Instant> maxIngest = Optional.empty();
        if (!maxIngestMicros.isZero()) {
            maxIngest = Optional.of(Instant.EPOCH.plus(maxIngestMicros.value(), ChronoUnit.MICROS));
        }
        Optional<Instant> minIngest = Optional.empty();
        if (!minIngestMicros.isZero()) {
            minIngest = Optional.of(Instant.EPOCH.plus(minIngestMicros.value(), ChronoUnit.MICROS));
        }
        return new RecordCounts(valid.sum(), byReason, maxIngest, minIngest);
    }
}
