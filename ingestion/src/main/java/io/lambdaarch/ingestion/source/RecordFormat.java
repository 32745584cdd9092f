package io.lambdaarch.ingestion.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How a source's raw records are written. */
public enum RecordFormat {
    /** The event format of docs/design.md#the-event, one JSON object per record. */
    EVENT,
    /**
     * X API v2 data: a filtered-stream payload ({@code data} the post, {@code includes.users} its author), a response
     * page ({@code data} an array of posts) or a flattened post (its {@code author} inlined).
     */
    X_V2;

    /** The name used on the command line and in messages. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The format named {@code value}, case-insensitive. */
    public static RecordFormat parse(String value) {
        List<String> names = new ArrayList<>();
        for (RecordFormat format : values()) {
            if (format.externalName().equalsIgnoreCase(value)) {
                return format;
            }
            names.add(format.externalName());
        }
        throw new IllegalArgumentException("expected one of " + String.join(", ", names));
    }
}
