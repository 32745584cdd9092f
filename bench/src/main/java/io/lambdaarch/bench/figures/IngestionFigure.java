package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.kafka.KafkaTools.ProducerPerformanceResult;
import io.lambdaarch.bench.kafka.TopicTimeline;
import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.bench.report.Check;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.Unit;
import io.lambdaarch.bench.report.Value;
import io.lambdaarch.bench.stack.BenchSandbox;
import io.lambdaarch.bench.workload.EventWriter;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.ingestion.config.ProducerSettings;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Ingestion throughput: {@code ./lambda ingest --source synthetic} sending {@code --ingest-events} events to Kafka, against
 * Kafka's own ProducerPerformance sending as many records picked from the same events' bytes, with the producer
 * settings ingestion uses (acks=all, idempotence, lz4, linger 20 ms, 128 KiB batches). Both rates come from the
 * broker's LogAppendTime stamps of the records each wrote, so both are measured the same way.
 */
public final class IngestionFigure {
    static final String ID = "ingestion";
    static final String TITLE = "ingestion throughput";
    static final String BASELINE = "Kafka ProducerPerformance";
    static final double TARGET = 0.8;
    /** Distinct payloads handed to ProducerPerformance, which picks one at random per record. */
    private static final int PAYLOADS = 10_000;

    private final BenchContext context;

    public IngestionFigure(BenchContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The figure's row when it could not be measured. */
    public static Figure failed(String error) {
        return Figure.failed(ID, TITLE, BASELINE, List.of(Check.ratioAtLeast(0, TARGET).target()), error);
    }

    /** Measures the figure; ingestion sends its events to {@code events}' topic. */
    public Figure measure(BenchSandbox events) throws InterruptedException {
        long count = context.settings().ingestEvents();
        Path payloads = context.work("payloads.jsonl");
        double meanBytes = writePayloads(payloads, (int) Math.min(count, PAYLOADS));
        String bootstrap = context.stack().bootstrapServers();
        Map<String, String> producer = EventWriter.INGESTION_PRODUCER_SETTINGS;
        Duration timeout = Duration.ofMinutes(5).plusSeconds(count / 1000);

        context.stack().createTopic("bench_producer_warmup");
        long warmup = Math.max(1_000, count / 10);
        context.progress().say("ingestion: warming the broker up with %,d records of ProducerPerformance", warmup);
        context.tools().producerPerformance("producer-performance-warmup", bootstrap, "bench_producer_warmup", warmup, payloads,
                producer, timeout);

        String baselineTopic = "bench_producer_performance";
        context.stack().createTopic(baselineTopic);
        context.progress().say("ingestion: ProducerPerformance, %,d records of %.0f bytes on average", count, meanBytes);
        long started = System.nanoTime();
        ProducerPerformanceResult tool = context.tools().producerPerformance("producer-performance", bootstrap, baselineTopic,
                count, payloads, producer, timeout);
        Duration toolWall = Duration.ofNanos(System.nanoTime() - started);
        TopicTimeline baseline = TopicTimeline.of(bootstrap, baselineTopic);

        context.progress().say("ingestion: ./lambda ingest --source synthetic --count %,d --rate unlimited", count);
        List<String> args = new ArrayList<>(List.of("--source", "synthetic", "--count", Long.toString(count),
                "--progress-interval", "1h"));
        args.addAll(context.events().ingestArguments());
        Map<String, String> environment = new HashMap<>(events.environment());
        environment.put(ProducerSettings.COMPRESSION.name(), ProducerSettings.COMPRESSION.defaultValue().orElseThrow().externalName());
        Duration oursWall = Runs.runToSuccess(() -> context.launcher().start("ingest", "ingest", args, environment), timeout);
        TopicTimeline ours = TopicTimeline.of(bootstrap, events.topic());
        if (ours.count() != count || baseline.count() != count) {
            throw new TerseException(String.format(Locale.ROOT, "expected %,d records in each topic, found %,d (ingestion)"
                    + " and %,d (ProducerPerformance)", count, ours.count(), baseline.count()));
        }

        double ratio = ours.ratePerSecond() / baseline.ratePerSecond();
        context.progress().say("ingestion: ours %,.0f events/s, ProducerPerformance %,.0f events/s: %.2fx",
                ours.ratePerSecond(), baseline.ratePerSecond(), ratio);
        return Figure.measured(ID, TITLE, List.of(new Value("", ours.ratePerSecond(), Unit.EVENTS_PER_SECOND)), BASELINE,
                List.of(new Value("", baseline.ratePerSecond(), Unit.EVENTS_PER_SECOND)), ratio,
                List.of(Check.ratioAtLeast(ratio, TARGET)),
                List.of(String.format(Locale.ROOT, "%,d events of %.0f bytes on average; rates from the broker's LogAppendTime"
                                + " stamps (first to last record); ProducerPerformance reported %,.0f records/s itself;"
                                + " wall time with JVM start-up: ingest %.1f s, ProducerPerformance %.1f s",
                        count, meanBytes, tool.recordsPerSecond(), oursWall.toMillis() / 1000.0, toolWall.toMillis() / 1000.0)));
    }

    /** Writes the first {@code count} events, one per line, as ingestion sends them; returns their mean size. */
    private double writePayloads(Path file, int count) {
        long bytes = 0;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                for (int i = 0; i < count; i++) {
                    byte[] event = context.events().canonical(context.events().event(i));
                    out.write(event);
                    out.write('\n');
                    bytes += event.length;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
        return (double) bytes / count;
    }
}
