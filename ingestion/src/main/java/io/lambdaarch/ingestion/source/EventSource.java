package io.lambdaarch.ingestion.source;

import java.time.Duration;

/**
 * Where raw records come from. A source hands records over one at a time through {@link #poll}; once a record is
 * handed over, the ingestor owns it and must get it into Kafka (or the DLQ) before it exits.
 *
 * <p>Sources are used by one thread (the ingestor's), except {@link #close()}, which may come from any thread.
 */
public interface EventSource extends AutoCloseable {
    /** Short name for logs, DLQ headers and the {@code source} field of events that have none. */
    String name();

    /** How this source's records are written, which decides how they are decoded. */
    RecordFormat format();

    /**
     * The next record, waiting at most {@code timeout}; null if none arrived in time or the source is exhausted.
     *
     * @throws io.lambdaarch.common.error.TerseException if the source failed for good (unreadable file, X API
     *     refusing the credentials)
     */
    SourceRecord poll(Duration timeout) throws InterruptedException;

    /** True once the source will never return another record (end of file). */
    boolean exhausted();

    /** Releases files and connections; a blocked {@link #poll} returns soon after. */
    @Override
    void close();
}
