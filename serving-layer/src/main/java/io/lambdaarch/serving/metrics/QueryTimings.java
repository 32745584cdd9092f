package io.lambdaarch.serving.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * How long the warehouse takes to answer each kind of API question, by the grain of the rows it sums:
 * {@code lambda_serving_query_seconds{query, grain}} on /metrics, with a histogram so Prometheus can give its p99.
 * Only questions that reach the warehouse are timed; the response cache's hits are counted by its own metrics.
 */
public final class QueryTimings {
    static final String NAME = "lambda.serving.query";

    private final MeterRegistry registry;

    public QueryTimings(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Work that asks the warehouse. */
    @FunctionalInterface
    public interface Query<T> {
        T run() throws SQLException;
    }

    /** Runs {@code query}, recording its time (failed or not) under {@code query} and {@code grain}. */
    public <T> T time(String query, String grain, Query<T> work) throws SQLException {
        long start = System.nanoTime();
        try {
            return work.run();
        } finally {
            timer(query, grain).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String query, String grain) {
        // Micrometer returns the registered timer for the same name and tags.
        return Timer.builder(NAME)
                .description("time the warehouse took to answer an API question the response cache did not have")
                .tag("query", query)
                .tag("grain", grain)
                .publishPercentileHistogram()
                .register(registry);
    }
}
