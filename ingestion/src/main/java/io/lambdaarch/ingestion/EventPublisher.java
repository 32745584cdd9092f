package io.lambdaarch.ingestion;

import java.util.Optional;

/**
 * Where the ingestor puts records: valid events on the event topic keyed by id, rejected records on the DLQ. Sends
 * are asynchronous; {@link #failure()} reports the first one Kafka gave up on, and {@link #flush()} waits until every
 * record passed in so far is acknowledged or failed.
 */
public interface EventPublisher extends AutoCloseable {
    /** Sends a valid event in its canonical form, keyed by its id. */
    void publish(String id, byte[] canonicalEvent);

    /** Sends a rejected record to the DLQ: the original bytes as value, the reason in headers. */
    void publishRejected(byte[] original, Rejection rejection);

    /** The first send that failed for good, if any; once set, the run must stop. */
    Optional<String> failure();

    /** Blocks until every record passed in so far is acknowledged or failed. */
    void flush();

    @Override
    void close();

    /**
     * Why a record went to the DLQ and where it came from.
     *
     * @param code stable reason code, e.g. {@code invalid_id} (an {@code InvalidReason} code or {@code too_large})
     * @param description {@code code: detail}, the human-readable reason
     * @param source the source's name
     * @param origin where in the source, e.g. {@code events.jsonl:17}
     * @param originalLength the record's length before any cut (more than the value's length when cut)
     */
    record Rejection(String code, String description, String source, String origin, long originalLength) {
    }
}
