package io.lambdaarch.bench.config;

import java.util.Locale;

/** The parts of a bench run that can be chosen with {@code --figures}; each measures one layer and its baseline. */
public enum FigureGroup {
    /** Ingestion throughput against ProducerPerformance. */
    INGESTION,
    /** Landing and recompute, at every scale. */
    BATCH,
    /** An incremental batch run over 90 days of history, against a full recompute, at 1x and 4x the history. */
    INCREMENTAL,
    /** Serving latency against the same SQL over JDBC. */
    SERVING,
    /** Speed freshness and state. */
    SPEED;

    /** The name on the command line: {@code ingestion}, {@code batch}, ... */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
