package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

/** The measures of one location over a time range. */
public record LocationTotals(String location, Measures measures) {
    public LocationTotals {
        requireNonNull(location, "location is null");
        requireNonNull(measures, "measures is null");
    }
}
