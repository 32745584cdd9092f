package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.ingestion.EventPublisher.Rejection;
import io.lambdaarch.ingestion.config.RunLimits;
import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingestion loop: takes records from a source, decodes each into the events it holds (one, or one per post of an X
 * response page) and validates them with the common validator, skips messages that hold no event, sends invalid ones
 * to the DLQ with their reason and origin, drops repeats of recent ids, and sends the rest in canonical form keyed by id. When the
 * loop ends (source exhausted, limit reached, {@link #stop()} or a failed send) it flushes, so every record the
 * source handed over is acknowledged by Kafka before {@link #run()} returns, or the result names the failure.
 */
public final class Ingestor {
    /** DLQ reason code of a record over the size limit; the other codes are the validator's. */
    public static final String TOO_LARGE = "too_large";

    private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final EventSource source;
    private final RecordDecoder decoder;
    private final EventPublisher publisher;
    private final RunLimits limits;
    private final RecentIds recentIds;
    private final int maxRecordBytes;
    private final IngestStats stats;
    private final Clock clock;
    private final RateLimiter rateLimiter;
    private final EventJson.Writer eventJson = new EventJson().writer();
    private volatile boolean stopRequested;

    public Ingestor(EventSource source, RecordDecoder decoder, EventPublisher publisher, RunLimits limits,
            int dedupeWindow, int maxRecordBytes, IngestStats stats, Clock clock, Sleeper sleeper) {
        this.source = requireNonNull(source, "source is null");
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.publisher = requireNonNull(publisher, "publisher is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.recentIds = new RecentIds(dedupeWindow);
        this.maxRecordBytes = maxRecordBytes;
        this.stats = requireNonNull(stats, "stats is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.rateLimiter = new RateLimiter(limits.ratePerSecond(), clock, requireNonNull(sleeper, "sleeper is null"));
    }

    /** Asks the loop to stop after the record in hand; {@link #run()} then flushes and returns. Any thread. */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Runs until the source ends, a limit is reached, {@link #stop()} is called or a send fails; then flushes. A
     * source that fails for good is rethrown after the flush.
     */
    public IngestResult run() {
        Instant started = clock.instant();
        boolean interrupted = false;
        StopReason reason;
        try {
            reason = loop(started);
        } catch (InterruptedException e) {
            // Interrupted is a stop like any other; the flush below must still run, so the flag is restored after it.
            interrupted = true;
            reason = StopReason.STOPPED;
        } catch (RuntimeException e) {
            // The source failed for good; what it handed over before still has to reach Kafka.
            publisher.flush();
            throw e;
        }
        publisher.flush();
        Optional<String> failure = publisher.failure();
        if (failure.isPresent()) {
            reason = StopReason.SEND_FAILED;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new IngestResult(reason, failure, stats.snapshot(), Duration.between(started, clock.instant()));
    }

    private StopReason loop(Instant started) throws InterruptedException {
        Instant deadline = limits.duration().map(started::plus).orElse(null);
        long count = limits.count().orElse(Long.MAX_VALUE);
        long read = 0;
        while (true) {
            if (stopRequested) {
                return StopReason.STOPPED;
            }
            if (publisher.failure().isPresent()) {
                return StopReason.SEND_FAILED;
            }
            if (read >= count) {
                return StopReason.COUNT_REACHED;
            }
            if (deadline != null && !clock.instant().isBefore(deadline)) {
                return StopReason.DURATION_REACHED;
            }
            SourceRecord record = source.poll(POLL_TIMEOUT);
            if (record == null) {
                if (source.exhausted()) {
                    return StopReason.SOURCE_EXHAUSTED;
                }
                continue;
            }
            read++;
            handle(record);
            // Paced after the record is handled: an interrupted wait never strands a record that was handed over.
            rateLimiter.acquire();
        }
    }

    private void handle(SourceRecord record) {
        if (record.truncated()) {
            stats.recordRead();
            reject(record.raw(), record, "", TOO_LARGE, String.format("%s: record of %d bytes exceeds the limit of %d bytes",
                    TOO_LARGE, record.originalLength(), maxRecordBytes));
            return;
        }
        for (DecodedItem item : decoder.decode(record.raw())) {
            stats.recordRead();
            if (item instanceof DecodedItem.Checked checked) {
                handle(record, checked);
            } else if (item instanceof DecodedItem.Event event) {
                handle(record, event);
            } else if (item instanceof DecodedItem.Skipped skipped) {
                // The live stream and a replay of it skip the same messages, counted and logged the same way.
                stats.recordSkipped();
                LOG.warn("Skipped {}: {}", record.origin(), skipped.detail());
            }
        }
    }

    private void handle(SourceRecord record, DecodedItem.Checked item) {
        if (item.outcome() instanceof EventValidator.Forward.Send send) {
            // The validator hands over the canonical bytes: for most records their own, as they came.
            send(record, "", item.raw(), send.id(), send.canonical());
        } else {
            ValidationResult.Invalid invalid = ((EventValidator.Forward.Reject) item.outcome()).invalid();
            reject(item.raw(), record, "", invalid.reason().code(), invalid.describe());
        }
    }

    private void handle(SourceRecord record, DecodedItem.Event item) {
        if (item.result() instanceof ValidationResult.Invalid invalid) {
            reject(item.raw(), record, item.part(), invalid.reason().code(), invalid.describe());
            return;
        }
        TweetEvent event = ((ValidationResult.Valid) item.result()).event();
        send(record, item.part(), item.raw(), event.id(), eventJson.toBytes(event));
    }

    private void send(SourceRecord record, String part, byte[] raw, String id, byte[] canonical) {
        if (!recentIds.add(id)) {
            stats.recordDuplicate();
            return;
        }
        if (canonical.length > maxRecordBytes) {
            // Escaping can make the canonical form longer than the record it came from.
            reject(raw, record, part, TOO_LARGE, String.format(
                    "%s: event %s is %d bytes in canonical form, over the limit of %d bytes",
                    TOO_LARGE, id, canonical.length, maxRecordBytes));
            return;
        }
        stats.recordAccepted();
        publisher.publish(id, canonical);
    }

    /** {@code part} names the post inside the record (a page's {@code data[3]}), empty for the whole record. */
    private void reject(byte[] raw, SourceRecord record, String part, String code, String description) {
        String origin = part.isEmpty() ? record.origin() : record.origin() + "#" + part;
        long length = part.isEmpty() ? record.originalLength() : raw.length;
        LOG.debug("Rejected {}: {}", origin, description);
        stats.recordInvalid(code);
        publisher.publishRejected(raw, new Rejection(code, description, source.name(), origin, length));
    }
}
