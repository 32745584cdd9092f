package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

/** The measures over every location of a time range, and how many locations had events in it. */
public record Totals(Measures measures, long locations) {
    public Totals {
        requireNonNull(measures, "measures is null");
    }
}
