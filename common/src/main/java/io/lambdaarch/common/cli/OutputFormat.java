package io.lambdaarch.common.cli;

import java.util.Locale;

/**
 * How a reporting command prints its answer: an aligned table for people, CSV for spreadsheets and shell pipelines,
 * JSON for programs. Given as {@code --format table|csv|json}.
 */
public enum OutputFormat {
    TABLE, CSV, JSON;

    /** The external, lower-case name; picocli lists it in help as {@code ${COMPLETION-CANDIDATES}}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
