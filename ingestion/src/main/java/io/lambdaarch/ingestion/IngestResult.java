package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How an ingestion run ended.
 *
 * @param reason why it stopped
 * @param failure the first send Kafka gave up on, if any
 * @param stats the counters after the final flush
 * @param elapsed from the first read to the end of the flush
 */
public record IngestResult(StopReason reason, Optional<String> failure, IngestStats.Snapshot stats, Duration elapsed) {
    public IngestResult {
        requireNonNull(reason, "reason is null");
        requireNonNull(failure, "failure is null");
        requireNonNull(stats, "stats is null");
        requireNonNull(elapsed, "elapsed is null");
    }

    /** True if every record the source handed over is acknowledged by Kafka. */
    public boolean succeeded() {
        return failure.isEmpty();
    }
}
