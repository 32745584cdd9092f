package io.lambdaarch.ingestion.source;

import static java.util.Objects.requireNonNull;

/**
 * One raw record exactly as a source read it, before validation.
 *
 * @param raw the bytes of the record (a JSON Lines line without its line break); at most the configured record
 *     size limit, so a longer record arrives cut, with {@code originalLength} telling how long it was
 * @param origin where it came from, for logs and the DLQ header, e.g. {@code events.jsonl:17}
 * @param originalLength the length of the record before any cut
 */
public record SourceRecord(byte[] raw, String origin, long originalLength) {
    public SourceRecord {
        requireNonNull(raw, "raw is null");
        requireNonNull(origin, "origin is null");
        if (originalLength < raw.length) {
            throw new IllegalArgumentException("originalLength " + originalLength + " < " + raw.length);
        }
    }

    /** A record that arrived whole. */
    public SourceRecord(byte[] raw, String origin) {
        this(raw, origin, raw.length);
    }

    /** True if the record was longer than the limit and {@link #raw} holds only its beginning. */
    public boolean truncated() {
        return originalLength > raw.length;
    }
}
