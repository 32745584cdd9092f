package io.lambdaarch.serving.sql;

import java.time.Duration;
import java.util.Locale;

/** The step of a time series: the view's own hour, or whole UTC days. */
public enum Granularity {
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1));

    private final Duration step;

    Granularity(Duration step) {
        this.step = step;
    }

    public Duration step() {
        return step;
    }

    /** The name used in URLs and options. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
