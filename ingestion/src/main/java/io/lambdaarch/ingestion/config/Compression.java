package io.lambdaarch.ingestion.config;

import java.util.Locale;

/** Kafka producer compression codecs ({@code compression.type}). */
public enum Compression {
    NONE,
    GZIP,
    SNAPPY,
    LZ4,
    ZSTD;

    /** The value Kafka and our settings use. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
