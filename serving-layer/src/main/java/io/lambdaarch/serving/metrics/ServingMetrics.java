package io.lambdaarch.serving.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.kafka.OffsetsSource;
import io.lambdaarch.serving.kafka.TopicOffsets;
import io.lambdaarch.serving.kafka.TopicTotals;
import io.lambdaarch.serving.sql.ReadTransactions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline as the serving layer sees it, in Prometheus text: the freshness block as gauges (speed lag in seconds
 * and records, the batch cutoff and its age, {@code complete}) and the record counts of the topic and the DLQ topic,
 * next to the HTTP, pool and JVM metrics of the registry. The freshness is read once per scrape, in one read-only
 * transaction, so every gauge of a scrape describes the same state; unknown values are NaN, as Prometheus expects.
 */
public final class ServingMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ServingMetrics.class);

    private final PrometheusMeterRegistry registry;
    private final ReadTransactions reads;
    private final FreshnessService freshness;
    private final AtomicReference<Freshness> latest = new AtomicReference<>();
    private volatile boolean lastReadFailed;

    public ServingMetrics(PrometheusMeterRegistry registry, ReadTransactions reads, FreshnessService freshness,
            String topic, OffsetsSource offsets, Optional<TopicTotals> dlq) {
        this.registry = requireNonNull(registry, "registry is null");
        this.reads = requireNonNull(reads, "reads is null");
        this.freshness = requireNonNull(freshness, "freshness is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(offsets, "offsets is null");
        requireNonNull(dlq, "dlq is null");
        gauge("lambda.serving.speed.lag", "seconds from the newest ingest time the speed layer applied to now", "seconds",
                f -> number(f.speedLagSeconds()));
        gauge("lambda.serving.speed.lag.records", "records in Kafka the speed layer has not consumed", null,
                f -> number(f.speedLagRecords()));
        gauge("lambda.serving.speed.last.commit.age", "seconds since the speed layer last applied a micro-batch",
                "seconds", f -> age(f.speedLastCommit(), f.asOf()));
        gauge("lambda.serving.batch.cutoff.age", "seconds from the latest recompute's cutoff to now", "seconds",
                f -> age(f.batchCutoff(), f.asOf()));
        gauge("lambda.serving.batch.cutoff.timestamp", "the latest recompute's cutoff (Unix time)", "seconds",
                f -> seconds(f.batchCutoff()));
        gauge("lambda.serving.complete", "1 when the merged answer provably has no gap, else 0", null,
                f -> f.complete() ? 1 : 0);
        Gauge.builder("lambda.serving.freshness.up", this, metrics -> metrics.latest.get() == null ? 0 : 1)
                .description("1 when the last scrape could read the layers' bookkeeping from the warehouse")
                .register(registry);
        FunctionCounter.builder("lambda.kafka.topic.records", offsets, source -> source.current().offsets()
                        .map(ServingMetrics::records).orElse(Double.NaN))
                .description("records ever written to the topic (sum of the end offsets)")
                .tag("topic", topic)
                .register(registry);
        dlq.ifPresent(totals -> FunctionCounter.builder("lambda.kafka.topic.records", totals,
                        t -> t.latest().map(sample -> (double) sample.records()).orElse(Double.NaN))
                .description("records ever written to the topic (sum of the end offsets)")
                .tag("topic", totals.topic())
                .register(registry));
    }

    /** Reads the freshness, then renders every meter. */
    public String scrape() {
        try {
            latest.set(reads.read(freshness::current));
            if (lastReadFailed) {
                LOG.info("Metrics: the warehouse answers again");
            }
            lastReadFailed = false;
        } catch (SQLException | RuntimeException e) {
            latest.set(null);
            if (!lastReadFailed) {
                LOG.warn("Metrics: cannot read freshness from the warehouse: {}", Failures.rootMessage(e));
            }
            lastReadFailed = true;
        }
        return registry.scrape();
    }

    private void gauge(String name, String description, String unit, ToDoubleFunction<Freshness> value) {
        Gauge.builder(name, latest, reference -> {
            Freshness current = reference.get();
            return current == null ? Double.NaN : value.applyAsDouble(current);
        }).description(description).baseUnit(unit).register(registry);
    }

    private static double records(TopicOffsets offsets) {
        return offsets.end().values().stream().mapToLong(Long::longValue).sum();
    }

    private static double number(Number value) {
        return value == null ? Double.NaN : value.doubleValue();
    }

    private static double age(Instant then, Instant now) {
        return then == null ? Double.NaN : Duration.between(then, now).toMillis() / 1000.0;
    }

    private static double seconds(Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }
}
