package io.lambdaarch.ingestion.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.ingestion.IngestStats;
import io.lambdaarch.ingestion.Ingestor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Ingestion's own series, read from {@link IngestStats} at scrape time (the ingest loop pays nothing for them):
 * {@code lambda_ingest_records_read_total}, {@code _sent_total}, {@code _invalid_total{reason}},
 * {@code lambda_ingest_dlq_records_sent_total}, {@code lambda_ingest_duplicates_total},
 * {@code lambda_ingest_send_failures_total} and {@code lambda_ingest_records_pending}.
 */
public final class IngestMetrics implements MeterBinder {
    private final IngestStats stats;

    public IngestMetrics(IngestStats stats) {
        this.stats = requireNonNull(stats, "stats is null");
    }

    /** Every reason a record can go to the DLQ for, so each series exists (at 0) before its first record. */
    public static List<String> reasons() {
        List<String> reasons = new ArrayList<>();
        for (InvalidReason reason : InvalidReason.values()) {
            reasons.add(reason.code());
        }
        reasons.add(Ingestor.TOO_LARGE);
        return List.copyOf(reasons);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "lambda.ingest.records.read", "records the source handed over", s -> s.snapshot().read());
        counter(registry, "lambda.ingest.records.sent", "valid records Kafka acknowledged", s -> s.snapshot().sent());
        counter(registry, "lambda.ingest.dlq.records.sent", "rejected records Kafka acknowledged on the DLQ topic",
                s -> s.snapshot().dlqSent());
        counter(registry, "lambda.ingest.duplicates", "repeats of a recent event id, dropped",
                s -> s.snapshot().duplicates());
        counter(registry, "lambda.ingest.send.failures", "records Kafka gave up on", s -> s.snapshot().failed());
        for (String reason : reasons()) {
            FunctionCounter.builder("lambda.ingest.records.invalid", stats, s -> s.invalid(reason))
                    .description("records routed to the DLQ, by reason")
                    .tag("reason", reason)
                    .register(registry);
        }
        Gauge.builder("lambda.ingest.records.pending", stats, s -> s.snapshot().pending())
                .description("records handed to the producer and not yet acknowledged or failed")
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<IngestStats> value) {
        FunctionCounter.builder(name, stats, value).description(description).register(registry);
    }
}
