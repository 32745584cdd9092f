package io.lambdaarch.ingestion.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** The sources the service can read from ({@code --source}). */
public enum SourceKind {
    SYNTHETIC,
    REPLAY,
    X_STREAM;

    /** The name used on the command line: {@code synthetic}, {@code replay}, {@code x-stream}. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind named {@code value} (case-insensitive, {@code x_stream} accepted too). */
    public static SourceKind parse(String value) {
        for (SourceKind kind : values()) {
            if (kind.externalName().equalsIgnoreCase(value.replace('_', '-'))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("expected one of " + new Names());
    }

    /** The external names, for picocli's completion candidates. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>();
            for (SourceKind kind : values()) {
                names.add(kind.externalName());
            }
            return names.iterator();
        }

        @Override
        public String toString() {
            return String.join(", ", this);
        }
    }
}
