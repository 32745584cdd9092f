package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.jdbc.PostgresBaselines;
import io.lambdaarch.bench.jdbc.RecordedRuns;
import io.lambdaarch.bench.kafka.KafkaTools.ConsumerPerformanceResult;
import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.bench.report.Check;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.LoadAverage;
import io.lambdaarch.bench.report.Unit;
import io.lambdaarch.bench.report.Value;
import io.lambdaarch.bench.stack.BenchSandbox;
import io.lambdaarch.bench.stats.Percentiles;
import io.lambdaarch.bench.workload.EventWriter;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.demo.status.TopicCounter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Landing and recompute, at 1x, 2x and 4x (by default) of {@code --events}. The events topic is filled up to each
 * size (ingestion's events first, then the same workload continued), and each size lands into a database of its own.
 * Per size: ConsumerPerformance reads the topic (baseline), {@code ./lambda batch land} lands it, a plain COPY FROM
 * STDIN loads the same rows again (baseline), a plain CREATE TABLE AS SELECT ... GROUP BY aggregates them (baseline),
 * and {@code ./lambda batch recompute --full} rebuilds batch_view from them.
 */
public final class BatchFigures {
    static final String LANDING_ID = "landing";
    static final String LANDING_TITLE = "landing throughput";
    static final String LANDING_BASELINE = "min(ConsumerPerformance, COPY FROM STDIN)";
    static final double LANDING_TARGET = 0.5;
    static final String RECOMPUTE_ID = "recompute";
    static final String RECOMPUTE_TITLE = "recompute time";
    static final String RECOMPUTE_BASELINE = "CREATE TABLE AS SELECT ... GROUP BY, one per declared view and rollup";
    static final double RECOMPUTE_TARGET = 1.5;
    /** How much worse than proportional a k-times larger input may be and still count as near-linear. */
    static final double LINEAR_SLACK = 1.25;
    /** How many times recompute and its baseline run at each size. */
    static final int RECOMPUTE_RUNS = 3;
    /** The batch layer's cutoff is landed_through floored to this bucket; 1 s puts every landed event before it. */
    private static final Duration BUCKET = Duration.ofSeconds(1);

    private final BenchContext context;

    public BatchFigures(BenchContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /**
     * What one size measured: landing once, recompute and its baseline as medians of {@link #RECOMPUTE_RUNS} runs,
     * and the 1-minute load average when it was done.
     */
    record Scale(int multiple, long events, Duration land, ConsumerPerformanceResult consumer,
            PostgresBaselines.Timed copy, Duration recompute, long viewRows, Duration ctas, Duration landWall,
            Duration recomputeWall, double load) {
        double landRate() {
            return events / seconds(land);
        }

        double baselineRate() {
            return Math.min(consumer.fetchRecordsPerSecond(), copy.rowsPerSecond());
        }
    }

    /** The figures' rows when they could not be measured. */
    public static List<Figure> failed(String error) {
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.failed(LANDING_ID, LANDING_TITLE, LANDING_BASELINE,
                List.of(Check.ratioAtLeast(0, LANDING_TARGET).target()), error));
        figures.add(Figure.failed(RECOMPUTE_ID, RECOMPUTE_TITLE, RECOMPUTE_BASELINE,
                List.of(Check.ratioAtMost(0, RECOMPUTE_TARGET).target()), error));
        return figures;
    }

    /** Measures every size, filling {@code events}' empty topic with the workload from index 0 as the sizes grow. */
    public List<Figure> measure(BenchSandbox events) throws InterruptedException, SQLException {
        List<Scale> scales = new ArrayList<>();
        long inTopic = 0;
        long landNotBefore = System.nanoTime();
        for (int multiple : context.settings().scales()) {
            long size = context.settings().events() * multiple;
            if (inTopic < size) {
                context.progress().say("batch %dx: writing events %,d to %,d to the topic", multiple, inTopic, size);
                try (EventWriter writer = new EventWriter(context.stack().bootstrapServers(), events.topic(), context.events(), 20)) {
                    writer.write(inTopic, size);
                }
                inTopic = size;
                // Every event must lie before the recompute's cutoff: floor(landed_through, 1 s) with no clock margin.
                // Landing waits for that (ConsumerPerformance runs first and usually takes longer than the wait).
                landNotBefore = System.nanoTime() + BUCKET.multipliedBy(2).toNanos();
            }
            long inKafka;
            try (TopicCounter counter = new TopicCounter(events.kafka())) {
                inKafka = counter.count(events.topic());
            }
            if (inKafka != size) {
                throw new TerseException(String.format(Locale.ROOT, "expected %,d events in %s, found %,d", size, events.topic(), inKafka));
            }
            scales.add(measureScale(events, multiple, size, landNotBefore));
        }
        return figures(scales);
    }

    private Scale measureScale(BenchSandbox events, int multiple, long size, long landNotBefore)
            throws InterruptedException, SQLException {
        BenchSandbox sandbox = context.stack().databaseFor(events, "batch_" + multiple + "x");
        Duration timeout = Duration.ofMinutes(10).plusSeconds(size / 500);
        context.progress().say("batch %dx: ConsumerPerformance over %,d records", multiple, size);
        ConsumerPerformanceResult consumer = context.tools().consumerPerformance("consumer-performance-" + multiple + "x",
                context.stack().bootstrapServers(), events.topic(), size, timeout);

        Path temp = context.workDirectory("batch-tmp");
        Map<String, String> environment = new HashMap<>(sandbox.environment());
        environment.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        environment.put("LAMBDA_BATCH_CLOCK_MARGIN", "0s");
        environment.put("LAMBDA_BATCH_CONSUMER_GROUP", "bench-land-" + multiple + "x");
        environment.put("LAMBDA_BATCH_TEMP_DIR", temp.toString());
        environment.put("LAMBDA_BATCH_PROGRESS_INTERVAL", "1h");
        long wait = landNotBefore - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000 + 1);
        }
        context.progress().say("batch %dx: ./lambda batch land", multiple);
        Duration landWall = Runs.runToSuccess(
                () -> context.launcher().start("batch-land-" + multiple + "x", "batch", List.of("land"), environment), timeout);
        RecordedRuns runs = new RecordedRuns(sandbox.connector());
        LandingRun landing = runs.latestLanding();
        if (landing.validRecords() != size) {
            throw new TerseException(String.format(Locale.ROOT, "landing %dx loaded %,d rows, expected %,d", multiple,
                    landing.validRecords(), size));
        }

        PostgresBaselines baselines = new PostgresBaselines(sandbox.connector());
        context.progress().say("batch %dx: COPY FROM STDIN of the same %,d rows", multiple, size);
        PostgresBaselines.Timed copy = baselines.copyFromStdin(context.work("copy-baseline.csv"));
        // Recompute and its baseline take seconds: alternate them a few times and keep the medians, so that a burst
        // of other work on the machine does not decide the ratio.
        context.progress().say("batch %dx: CREATE TABLE AS SELECT ... GROUP BY and ./lambda batch recompute, %d times each",
                multiple, RECOMPUTE_RUNS);
        long[] ctas = new long[RECOMPUTE_RUNS];
        long[] recomputes = new long[RECOMPUTE_RUNS];
        long[] walls = new long[RECOMPUTE_RUNS];
        long viewRows = 0;
        ViewCatalog views = context.settings().views();
        for (int run = 0; run < RECOMPUTE_RUNS; run++) {
            ctas[run] = baselines.createTablesAsGroupBy(sandbox.connector().warehouse(), views).took().toNanos();
            String name = "batch-recompute-" + multiple + "x-" + (run + 1);
            walls[run] = Runs.runToSuccess(() -> context.launcher().start(name, "batch", List.of("recompute", "--full"), environment),
                    timeout).toNanos();
            BatchRun recompute = runs.latestRecompute();
            if (recompute.rowsIn() != size) {
                throw new TerseException(String.format(Locale.ROOT, "recompute %dx read %,d raw rows, expected %,d (the cutoff"
                        + " should lie after every landed event)", multiple, recompute.rowsIn(), size));
            }
            if (recompute.mode() != BatchRunMode.FULL) {
                throw new TerseException("recompute " + multiple + "x ran " + recompute.mode().sqlValue() + ", not full");
            }
            recomputes[run] = Duration.ofMillis(recompute.durationMs()).toNanos();
            viewRows = recompute.rowsOut();
        }
        Scale scale = new Scale(multiple, size, Duration.between(landing.startedAt(), landing.finishedAt()), consumer, copy, median(recomputes), viewRows,
                median(ctas), landWall, median(walls), LoadAverage.now().oneMinute());
        context.progress().say("batch %dx: land %,.0f events/s (consumer %,.0f, COPY %,.0f); recompute %.2f s (CTAS %.2f s)",
                multiple, scale.landRate(), consumer.fetchRecordsPerSecond(), copy.rowsPerSecond(), seconds(scale.recompute()),
                seconds(scale.ctas()));
        return scale;
    }

    private static Duration median(long[] nanos) {
        return Duration.ofNanos(Percentiles.median(nanos));
    }

    /** The landing and recompute figures at 1x, and how time grows at each larger size. */
    static List<Figure> figures(List<Scale> scales) {
        Scale one = scales.get(0);
        List<Figure> figures = new ArrayList<>();
        double landRatio = one.landRate() / one.baselineRate();
        figures.add(Figure.measured(LANDING_ID, LANDING_TITLE, List.of(new Value("", one.landRate(), Unit.EVENTS_PER_SECOND)),
                LANDING_BASELINE, List.of(new Value("consumer", one.consumer().fetchRecordsPerSecond(), Unit.EVENTS_PER_SECOND),
                        new Value("COPY", one.copy().rowsPerSecond(), Unit.EVENTS_PER_SECOND)),
                landRatio, List.of(Check.ratioAtLeast(landRatio, LANDING_TARGET)), List.of(landingNote(scales))));
        double recomputeRatio = seconds(one.recompute()) / seconds(one.ctas());
        figures.add(Figure.measured(RECOMPUTE_ID, RECOMPUTE_TITLE, List.of(new Value("", seconds(one.recompute()), Unit.SECONDS)),
                RECOMPUTE_BASELINE, List.of(new Value("", seconds(one.ctas()), Unit.SECONDS)), recomputeRatio,
                List.of(Check.ratioAtMost(recomputeRatio, RECOMPUTE_TARGET)), List.of(recomputeNote(scales))));
        for (Scale scale : scales.subList(1, scales.size())) {
            figures.add(growth("landing-" + scale.multiple() + "x", "landing time, " + scale.multiple() + "x data",
                    scale.multiple(), scale.land(), one.land()));
        }
        for (Scale scale : scales.subList(1, scales.size())) {
            figures.add(growth("recompute-" + scale.multiple() + "x", "recompute time, " + scale.multiple() + "x data",
                    scale.multiple(), scale.recompute(), one.recompute()));
        }
        return figures;
    }

    private static Figure growth(String id, String title, int multiple, Duration time, Duration timeAtOne) {
        double ratio = seconds(time) / seconds(timeAtOne);
        double allowed = multiple * LINEAR_SLACK;
        return Figure.measured(id, title, List.of(new Value("", seconds(time), Unit.SECONDS)), "same at 1x",
                List.of(new Value("", seconds(timeAtOne), Unit.SECONDS)), ratio,
                List.of(Check.holds("near-linear: " + Check.ratioAtMost(ratio, allowed).target(), ratio <= allowed)), List.of());
    }

    private static String landingNote(List<Scale> scales) {
        StringBuilder note = new StringBuilder("landing (its " + LedgerTables.unqualified().landingRuns()
                + " start to commit, without JVM start-up) vs baselines");
        for (Scale s : scales) {
            note.append(String.format(Locale.ROOT, "; %dx (%,d events): %,.0f events/s, consumer %,.0f (%,.0f with its group"
                            + " join), COPY %,.0f rows/s, ratio %.2fx, wall time %.1f s, load %.1f", s.multiple(), s.events(), s.landRate(),
                    s.consumer().fetchRecordsPerSecond(), s.consumer().recordsPerSecond(), s.copy().rowsPerSecond(),
                    s.landRate() / s.baselineRate(), seconds(s.landWall()), s.load()));
        }
        return note.toString();
    }

    private static String recomputeNote(List<Scale> scales) {
        StringBuilder note = new StringBuilder("recompute (its " + LedgerTables.unqualified().batchRuns()
                + " duration of a full recompute: one pass aggregating the first-copy index into every declared view's rows,"
                + " replaced in place, and their day grains) vs one CTAS per declared view over raw_batch with no dedupe"
                + " (and one per rollup over its view's table), medians of " + RECOMPUTE_RUNS + " alternating runs");
        for (Scale s : scales) {
            note.append(String.format(Locale.ROOT, "; %dx (%,d raw rows -> %,d view rows): %.2f s vs %.2f s, ratio %.2fx,"
                            + " wall time %.1f s, load %.1f", s.multiple(), s.events(), s.viewRows(), seconds(s.recompute()),
                    seconds(s.ctas()), seconds(s.recompute()) / seconds(s.ctas()), seconds(s.recomputeWall()), s.load()));
        }
        return note.toString();
    }

    private static double seconds(Duration duration) {
        return Math.max(duration.toNanos(), 1_000) / 1e9;
    }
}
