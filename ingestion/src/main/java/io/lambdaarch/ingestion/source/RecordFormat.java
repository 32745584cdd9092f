package io.lambdaarch.ingestion.source;

import java.util.Locale;

/** How a source's raw records are written. */
public enum RecordFormat {
    /** The event format of design.md section 3, one JSON object per record. */
    EVENT,
    /** An X API v2 filtered-stream payload: {@code data} (the post) plus {@code includes.users} (its author). */
    X_V2;

    /** The name used on the command line and in messages. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
