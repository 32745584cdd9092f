package io.lambdaarch.ingestion;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.kafka.KafkaPreflight;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.config.RunLimits;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.ingestion.kafka.KafkaClients;
import io.lambdaarch.ingestion.kafka.KafkaEventPublisher;
import io.lambdaarch.ingestion.source.EventSource;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One ingestion run, wired from its config: checks that Kafka and both topics are there, opens the source, runs the
 * {@link Ingestor} with a progress line every few seconds, and prints a summary at the end, also when the run
 * failed. {@link #stop()} (from a shutdown hook) ends the run after a flush.
 */
public final class IngestService {
    private final IngestConfig config;
    private final KafkaClients kafkaClients;
    private final SourceFactory sources;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintWriter out;
    private final IngestStats stats = new IngestStats();
    private final AtomicReference<Ingestor> running = new AtomicReference<>();
    private volatile boolean stopRequested;

    public IngestService(IngestConfig config, KafkaClients kafkaClients, SourceFactory sources, Clock clock, Sleeper sleeper,
            PrintWriter out) {
        this.config = requireNonNull(config, "config is null");
        this.kafkaClients = requireNonNull(kafkaClients, "kafkaClients is null");
        this.sources = requireNonNull(sources, "sources is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        this.out = requireNonNull(out, "out is null");
    }

    /** Ends the run soon: the record in hand is finished, everything accepted is flushed. Any thread. */
    public void stop() {
        stopRequested = true;
        Ingestor ingestor = running.get();
        if (ingestor != null) {
            ingestor.stop();
        }
    }

    /**
     * Runs to the end and returns how it ended; throws {@link TerseException} if Kafka is not reachable, the source
     * cannot be opened or fails, or a send failed (after printing the summary).
     */
    public IngestResult run() throws InterruptedException {
        kafkaClients.preflight().check(List.of(config.kafka().topic(), config.kafka().dlqTopic()), KafkaPreflight.Timestamps.ANY);
        ProgressReporter progress = new ProgressReporter(stats, out, config.progressInterval());
        try (EventSource source = sources.open(config.source(), config.producer().maxRecordBytes());
                KafkaEventPublisher publisher = new KafkaEventPublisher(kafkaClients.createProducer(), config.kafka().topic(),
                        config.kafka().dlqTopic(), stats, config.producer().deliveryTimeout())) {
            Ingestor ingestor = new Ingestor(source, RecordDecoder.forFormat(source.format(), source.name(), new EventValidator()),
                    publisher, config.limits(), config.dedupeWindow(), config.producer().maxRecordBytes(), stats, clock, sleeper);
            running.set(ingestor);
            if (stopRequested) {
                ingestor.stop();
            }
            printStart(source);
            progress.start();
            IngestResult result;
            try {
                result = ingestor.run();
            } catch (RuntimeException e) {
                progress.close();
                printLine("summary: " + counters(stats.snapshot()) + "; the source failed");
                throw e;
            }
            progress.close();
            printLine(String.format(Locale.ROOT, "summary: %s in %.1f s (%.0f events/s); %s", counters(result.stats()),
                    result.elapsed().toMillis() / 1000.0, rate(result), result.reason().description()));
            if (!result.succeeded()) {
                throw new TerseException(result.failure().get() + " (stopped; records after it may be missing)");
            }
            return result;
        } finally {
            progress.close();
            running.set(null);
        }
    }

    private void printStart(EventSource source) {
        StringBuilder line = new StringBuilder("Ingesting from ").append(source.name());
        if (config.source() instanceof SourceSettings.Synthetic synthetic) {
            line.append(" (").append(synthetic.workload().toOptions()).append(')');
        } else if (config.source() instanceof SourceSettings.Replay replay) {
            line.append(" (").append(replay.file()).append(", format ").append(replay.format().externalName()).append(')');
        }
        line.append(" into ").append(config.kafka().topic()).append(" at ").append(config.kafka().bootstrapServers())
                .append(" (DLQ ").append(config.kafka().dlqTopic()).append(")");
        RunLimits limits = config.limits();
        line.append("; rate ").append(limits.ratePerSecond() == 0 ? "unlimited" : limits.ratePerSecond() + "/s");
        limits.count().ifPresent(count -> line.append(", ").append(count).append(" records"));
        limits.duration().ifPresent(duration -> line.append(", for ").append(Durations.format(duration)));
        printLine(line.toString());
    }

    private static String counters(IngestStats.Snapshot stats) {
        String counters = String.format(Locale.ROOT, "read %d, sent %d, invalid %d, duplicates %d",
                stats.read(), stats.sent(), stats.invalid(), stats.duplicates());
        if (stats.skipped() > 0) {
            counters += ", skipped " + stats.skipped() + " (no posts)";
        }
        if (stats.failed() > 0) {
            counters += ", failed " + stats.failed();
        }
        return counters;
    }

    private static double rate(IngestResult result) {
        double seconds = result.elapsed().toNanos() / 1e9;
        return seconds <= 0 ? 0 : result.stats().read() / seconds;
    }

    private void printLine(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
