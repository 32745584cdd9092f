package io.lambdaarch.ingestion;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one ingestion run. The ingestor's thread counts what it reads and decides; the producer's callback
 * thread counts what Kafka acknowledged. {@code read} counts what the records held (one per event, one per post of an X
 * response page, one per skipped message), so after the final flush
 * {@code read = sent + invalid + duplicates + skipped} unless a send failed.
 */
public final class IngestStats {
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final AtomicLong dlqSent = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    /** An event candidate or a skipped message read from a record the source handed over. */
    void recordRead() {
        read.incrementAndGet();
    }

    /** A valid, new record passed to the producer. */
    void recordAccepted() {
        accepted.incrementAndGet();
    }

    /** A record routed to the DLQ. */
    void recordInvalid() {
        invalid.incrementAndGet();
    }

    /** A repeat of a recent id, dropped. */
    void recordDuplicate() {
        duplicates.incrementAndGet();
    }

    /** A message that holds no event (an X system message, an empty page), skipped. */
    void recordSkipped() {
        skipped.incrementAndGet();
    }

    /** Kafka acknowledged a valid record. */
    public void recordSent() {
        sent.incrementAndGet();
    }

    /** Kafka acknowledged a DLQ record. */
    public void recordDlqSent() {
        dlqSent.incrementAndGet();
    }

    /** Kafka gave up on a record. */
    public void recordFailed() {
        failed.incrementAndGet();
    }

    public Snapshot snapshot() {
        return new Snapshot(read.get(), accepted.get(), sent.get(), invalid.get(), dlqSent.get(), duplicates.get(), failed.get(),
                skipped.get());
    }

    /**
     * The counters at one moment.
     *
     * @param read event candidates and skipped messages read from the source's records
     * @param accepted valid new records passed to the producer
     * @param sent valid records Kafka acknowledged
     * @param invalid records routed to the DLQ
     * @param dlqSent DLQ records Kafka acknowledged
     * @param duplicates repeats dropped
     * @param failed records Kafka gave up on
     * @param skipped messages that hold no event (X system messages, empty pages), skipped
     */
    public record Snapshot(long read, long accepted, long sent, long invalid, long dlqSent, long duplicates, long failed,
            long skipped) {
        /** Records passed to the producer and not yet acknowledged or failed. */
        public long pending() {
            return accepted + invalid - sent - dlqSent - failed;
        }
    }
}
