package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

/** The freshness block of a response and the version of the data it describes, read together. */
public record FreshnessReading(Freshness freshness, DataVersion version) {
    public FreshnessReading {
        requireNonNull(freshness, "freshness is null");
        requireNonNull(version, "version is null");
    }
}
