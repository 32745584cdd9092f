package io.lambdaarch.batch.archive;

/** The two kinds of data file in the archive (docs/design.md#the-s3-archive). */
public enum ArchiveKind {
    /** Valid events, one normalized event per line plus its Kafka coordinates and ingest time. */
    RAW("raw"),
    /** Invalid records: the original bytes, the reason, the Kafka coordinates and ingest time. */
    QUARANTINE("quarantine");

    private final String prefix;

    ArchiveKind(String prefix) {
        this.prefix = prefix;
    }

    /** The top-level key prefix of this kind, without a slash. */
    public String prefix() {
        return prefix;
    }
}
