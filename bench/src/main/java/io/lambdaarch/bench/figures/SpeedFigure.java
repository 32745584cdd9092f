package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.jdbc.ServingViewCounter;
import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.bench.report.Check;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.Unit;
import io.lambdaarch.bench.report.Value;
import io.lambdaarch.bench.spark.SparkMetricsCsv;
import io.lambdaarch.bench.stack.BenchSandbox;
import io.lambdaarch.bench.stats.LatencySummary;
import io.lambdaarch.bench.stats.Visibility;
import io.lambdaarch.bench.workload.EventWriter;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.demo.process.ChildProcess;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Speed freshness and state: {@code ./lambda speed} (Spark through SparkSubmit) with a {@code --speed-trigger}
 * trigger while the bench writes a steady {@code --speed-rate} events per second to its topic; a reader polls
 * serving_view's total, so each event's latency is from its hand-over to the producer until serving_view counts it.
 * The run uses a scaled clock: the ingest bucket is {@code --speed-bucket} instead of 1 hour and the watermark
 * {@code --speed-watermark} instead of 10 minutes, so the state that takes hours to settle in production settles
 * within minutes, and Spark's own state gauges are compared after one and two scaled hours.
 */
public final class SpeedFigure {
    static final String FRESHNESS_ID = "speed-freshness";
    static final String FRESHNESS_TITLE = "speed freshness";
    static final String STATE_ID = "speed-state";
    static final String STATE_TITLE = "speed state, 2 h vs 1 h (scaled)";
    static final double P99_TRIGGERS = 3;
    static final double FLAT = 1.2;
    static final String P99_TARGET = String.format(Locale.ROOT, "p99 <= %.0fx trigger", P99_TRIGGERS);
    static final String LAG_TARGET = "lag not growing";
    static final String FLAT_TARGET = String.format(Locale.ROOT, "flat: <= %.1fx", FLAT);
    /** The speed layer's streaming query name (SpeedLayerQuery.QUERY_NAME), which names its metrics. */
    private static final String QUERY = "speed_view";
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(2);
    /** The warm-up goes on past --speed-warmup until the speed layer lags less than this many triggers behind... */
    private static final int CAUGHT_UP_TRIGGERS = 10;
    /** ...but no longer than this: a layer that cannot keep up is measured anyway, and its lag shows it. */
    private static final Duration MAX_EXTRA_WARMUP = Duration.ofMinutes(3);

    private final BenchContext context;

    public SpeedFigure(BenchContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** The figures' rows when they could not be measured. */
    public static List<Figure> failed(String error) {
        return List.of(
                Figure.failed(FRESHNESS_ID, FRESHNESS_TITLE, "trigger interval", List.of(P99_TARGET, LAG_TARGET), error),
                Figure.failed(STATE_ID, STATE_TITLE, "state after 1 h", List.of(FLAT_TARGET), error));
    }

    public List<Figure> measure() throws InterruptedException, SQLException {
        BenchSettings settings = context.settings();
        BenchSandbox sandbox = context.stack().sandbox("speed");
        Path metrics = context.workDirectory("spark-metrics");
        Map<String, String> environment = new HashMap<>(sandbox.environment());
        environment.put(PipelineSettings.INGEST_BUCKET.name(), Durations.format(settings.speedBucket()));
        environment.put("LAMBDA_SPEED_WATERMARK_DELAY", Durations.format(settings.speedWatermark()));
        environment.put("JAVA_OPTS", String.join(" ", SparkMetricsCsv.systemProperties(metrics, 1)));
        context.progress().say("speed: starting ./lambda speed (trigger %s, scaled bucket %s, watermark %s)",
                Durations.format(settings.speedTrigger()), Durations.format(settings.speedBucket()),
                Durations.format(settings.speedWatermark()));
        ChildProcess speed = context.launcher().start("speed", "speed", List.of("--trigger-interval",
                Durations.format(settings.speedTrigger()), "--checkpoint", context.work("speed-checkpoint").toString()), environment);
        SteadyRun run;
        try (EventWriter writer = new EventWriter(context.stack().bootstrapServers(), sandbox.topic(), context.events(), 5);
                ServingViewCounter counter = new ServingViewCounter(sandbox.connector())) {
            long warm = Math.max(100, settings.speedRate());
            writer.write(0, warm);
            awaitCount(counter, speed, warm, START_TIMEOUT, "the speed layer's first micro-batch");
            context.progress().say("speed: first micro-batch visible; %d events/s for at least %d s of warm-up, then %d s measured",
                    settings.speedRate(), settings.speedWarmup().toSeconds(), settings.speedDuration().toSeconds());
            run = steady(writer, counter, speed, warm);
        } finally {
            speed.stop(Duration.ofSeconds(60));
        }
        List<SparkMetricsCsv.Sample> rows = SparkMetricsCsv.read(metrics, QUERY, SparkMetricsCsv.STATE_ROWS);
        List<SparkMetricsCsv.Sample> bytes = SparkMetricsCsv.read(metrics, QUERY, SparkMetricsCsv.STATE_BYTES);
        List<Figure> figures = new ArrayList<>();
        figures.add(freshness(run));
        figures.add(state(run.measuredFrom(), rows, bytes));
        return figures;
    }

    /**
     * The logs of the steady input.
     *
     * @param measuredFrom when the measured part started (the warm-up's end)
     * @param warmup how long the warm-up took
     * @param caughtUp whether the speed layer had caught up with the input by the end of the warm-up
     * @param warmupEvents events sent during the warm-up
     * @param measured how long the measured part took
     * @param sent events sent in all
     * @param sends the producer's log
     * @param seen the reader's log
     */
    private record SteadyRun(Instant measuredFrom, Duration warmup, boolean caughtUp, long warmupEvents, Duration measured,
            long sent, List<Visibility.Sent> sends, List<Visibility.Seen> seen) {
        long measuredEvents() {
            return sent - warmupEvents;
        }
    }

    private SteadyRun steady(EventWriter writer, ServingViewCounter counter, ChildProcess speed, long warm)
            throws InterruptedException {
        BenchSettings settings = context.settings();
        List<Visibility.Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        AtomicReference<Exception> pollFailure = new AtomicReference<>();
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    seen.add(new Visibility.Seen(System.nanoTime(), counter.count() - warm));
                } catch (SQLException e) {
                    pollFailure.compareAndSet(null, e);
                }
                LockSupport.parkNanos(POLL.toNanos());
            }
        }, "serving-view-poller");
        poller.setDaemon(true);

        Pacer pacer = new Pacer(writer, warm, settings.speedRate());
        long minimumWarmupEnd = pacer.start() + settings.speedWarmup().toNanos();
        long maximumWarmupEnd = minimumWarmupEnd + MAX_EXTRA_WARMUP.toNanos();
        long catchUpLag = settings.speedTrigger().multipliedBy(CAUGHT_UP_TRIGGERS).toNanos();
        poller.start();
        try {
            long now = pacer.start();
            boolean caughtUp = false;
            while (now < maximumWarmupEnd && !(caughtUp && now >= minimumWarmupEnd)) {
                now = pacer.tick(speed);
                caughtUp = !seen.isEmpty() && seen.get(seen.size() - 1).visible() >= pacer.sentBefore(now - catchUpLag);
            }
            long warmupEvents = pacer.sent();
            long measureFrom = now;
            Instant measuredFrom = Instant.now();
            Duration warmup = Duration.ofNanos(measureFrom - pacer.start());
            context.progress().say("speed: warm-up took %.0f s (%s); measuring for %d s", warmup.toMillis() / 1000.0,
                    caughtUp ? "caught up" : "NOT caught up, measuring anyway", settings.speedDuration().toSeconds());
            while (now < measureFrom + settings.speedDuration().toNanos()) {
                now = pacer.tick(speed);
            }
            long sent = pacer.sent();
            List<Visibility.Sent> sends = pacer.sends();
            Duration measured = Duration.ofNanos(System.nanoTime() - measureFrom);
            writer.flush();
            context.progress().say("speed: %,d events sent in %.1f s after the warm-up; waiting for serving_view to count them",
                    sent - warmupEvents, measured.toMillis() / 1000.0);
            long deadline = System.nanoTime() + CATCH_UP_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline && (seen.isEmpty() || seen.get(seen.size() - 1).visible() < sent)) {
                if (!speed.isAlive()) {
                    throw died(speed);
                }
                Thread.sleep(POLL.toMillis());
            }
            return new SteadyRun(measuredFrom, warmup, caughtUp, warmupEvents, measured, sent, sends, List.copyOf(seen));
        } finally {
            polling.set(false);
            poller.join(10_000);
            if (pollFailure.get() != null) {
                context.progress().say("speed: a serving_view poll failed: %s", pollFailure.get().getMessage());
            }
        }
    }

    private Figure freshness(SteadyRun run) {
        BenchSettings settings = context.settings();
        Visibility visibility = Visibility.match(run.sends(), run.seen()).skip(run.warmupEvents());
        if (visibility.latencies().length < 3) {
            throw new TerseException("serving_view counted fewer than 3 of the " + run.measuredEvents() + " events measured");
        }
        LatencySummary latency = visibility.summary();
        Visibility.Trend trend = visibility.trend();
        double triggerMillis = settings.speedTrigger().toMillis();
        double ratio = latency.p99Millis() / triggerMillis;
        double rate = run.measuredEvents() / (run.measured().toNanos() / 1e9);
        context.progress().say("speed: p50 %.0f ms, p99 %.0f ms, max %.0f ms; median lag %.0f ms in the first third, %.0f ms"
                + " in the last", latency.p50Millis(), latency.p99Millis(), latency.maxMillis(),
                trend.firstThirdMedianNanos() / 1e6, trend.lastThirdMedianNanos() / 1e6);
        List<Check> checks = new ArrayList<>();
        checks.add(Check.holds(P99_TARGET, ratio <= P99_TRIGGERS));
        checks.add(Check.holds(LAG_TARGET, trend.growthMillis() <= triggerMillis));
        if (visibility.unseen() > 0) {
            checks.add(Check.holds("every event counted", false));
        }
        return Figure.measured(FRESHNESS_ID, FRESHNESS_TITLE, List.of(new Value("p50", latency.p50Millis(), Unit.MILLISECONDS),
                        new Value("p99", latency.p99Millis(), Unit.MILLISECONDS)), "trigger interval",
                List.of(new Value("", triggerMillis, Unit.MILLISECONDS)), ratio, checks,
                List.of(String.format(Locale.ROOT, "%,d events at %,.0f events/s (asked %,d) for %.0f s after %.0f s of"
                                + " warm-up at the same rate (at least %d s, then until the layer lagged less than %d triggers"
                                + " behind: %s); latency from the producer hand-over (linger 5 ms, acks=all) to"
                                + " serving_view counting the event, polled every %d ms; max %.0f ms;"
                                + " median latency %.0f ms in the first third, %.0f ms in the last third (lag not growing:"
                                + " the last is at most one trigger interval above the first); %,d events never counted",
                        run.measuredEvents(), rate, settings.speedRate(), run.measured().toMillis() / 1000.0,
                        run.warmup().toMillis() / 1000.0, settings.speedWarmup().toSeconds(), CAUGHT_UP_TRIGGERS,
                        run.caughtUp() ? "it did" : "it did NOT within " + MAX_EXTRA_WARMUP.toMinutes() + " more minutes",
                        POLL.toMillis(),
                        latency.maxMillis(), trend.firstThirdMedianNanos() / 1e6, trend.lastThirdMedianNanos() / 1e6,
                        visibility.unseen())));
    }

    private Figure state(Instant startedAt, List<SparkMetricsCsv.Sample> rows, List<SparkMetricsCsv.Sample> bytes) {
        BenchSettings settings = context.settings();
        Duration hour = settings.speedBucket();
        Optional<SparkMetricsCsv.Sample> first = SparkMetricsCsv.at(rows, startedAt.plus(hour));
        Optional<SparkMetricsCsv.Sample> second = SparkMetricsCsv.at(rows, startedAt.plus(hour.multipliedBy(2)));
        if (first.isEmpty() || second.isEmpty() || first.get().value() <= 0) {
            throw new TerseException("Spark reported no state rows after one scaled hour (gauge "
                    + SparkMetricsCsv.STATE_ROWS + ", " + rows.size() + " readings)");
        }
        double ratio = second.get().value() / first.get().value();
        StringBuilder series = new StringBuilder();
        long hours = settings.speedDuration().toSeconds() / hour.toSeconds();
        for (int h = 1; h <= hours; h++) {
            Instant at = startedAt.plus(hour.multipliedBy(h));
            Optional<SparkMetricsCsv.Sample> r = SparkMetricsCsv.at(rows, at);
            series.append(String.format(Locale.ROOT, "%s%d h: %,.0f rows", h == 1 ? "" : ", ", h,
                    r.map(SparkMetricsCsv.Sample::value).orElse(0.0)));
        }
        double largestBytes = bytes.stream().mapToDouble(SparkMetricsCsv.Sample::value).max().orElse(0);
        context.progress().say("speed: state %,.0f rows after 1 scaled hour, %,.0f after 2", first.get().value(),
                second.get().value());
        return Figure.measured(STATE_ID, STATE_TITLE, List.of(new Value("", second.get().value(), Unit.ROWS)), "state after 1 h",
                List.of(new Value("", first.get().value(), Unit.ROWS)), ratio,
                List.of(Check.holds(FLAT_TARGET, ratio <= FLAT)),
                List.of(String.format(Locale.ROOT, "scaled clock: ingest bucket %s stands for 1 h and watermark %s for %s"
                                + " (%dx faster than production), so 1 scaled hour is %s of input at %,d events/s; state is"
                                + " Spark's own gauge %s (numRowsTotal summed over the state operators: ids kept for"
                                + " deduplication within the watermark, and open ingest-bucket aggregates), read from its CSV"
                                + " metrics sink at the end of each scaled hour of the measured input (after the warm-up): %s;"
                                + " its companion"
                                + " gauge %s (memoryUsedBytes) never read more than %,.0f bytes, no estimate of that many rows"
                                + " with this state store, so rows are the measure",
                        Durations.format(hour), Durations.format(settings.speedWatermark()),
                        Durations.format(settings.speedWatermark().multipliedBy(settings.speedTimeScale())),
                        settings.speedTimeScale(), Durations.format(hour), settings.speedRate(), SparkMetricsCsv.STATE_ROWS,
                        series, SparkMetricsCsv.STATE_BYTES, largestBytes)));
    }

    /** Sends events at a steady rate in ticks of {@link #TICK}, and logs each tick's send for {@link Visibility}. */
    private static final class Pacer {
        private final EventWriter writer;
        private final long firstIndex;
        private final int rate;
        private final long start = System.nanoTime();
        private final List<Visibility.Sent> sends = new ArrayList<>();
        private long nextTick = start;
        private long sent;

        Pacer(EventWriter writer, long firstIndex, int rate) {
            this.writer = writer;
            this.firstIndex = firstIndex;
            this.rate = rate;
        }

        long start() {
            return start;
        }

        long sent() {
            return sent;
        }

        List<Visibility.Sent> sends() {
            return List.copyOf(sends);
        }

        /** Waits for the next tick, sends what is due by then and returns the time. */
        long tick(ChildProcess speed) {
            nextTick += TICK.toNanos();
            LockSupport.parkNanos(nextTick - System.nanoTime());
            long now = System.nanoTime();
            long due = (long) ((now - start) / 1e9 * rate);
            if (due > sent) {
                while (sent < due) {
                    writer.send(firstIndex + sent);
                    sent++;
                }
                sends.add(new Visibility.Sent(now, sent));
            }
            if (!speed.isAlive()) {
                throw died(speed);
            }
            return now;
        }

        /** How many events had been sent by {@code time}. */
        long sentBefore(long time) {
            for (int i = sends.size() - 1; i >= 0; i--) {
                if (sends.get(i).nanos() <= time) {
                    return sends.get(i).cumulative();
                }
            }
            return 0;
        }
    }

    private static void awaitCount(ServingViewCounter counter, ChildProcess speed, long expected, Duration timeout, String what)
            throws InterruptedException, SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!speed.isAlive()) {
                throw died(speed);
            }
            if (counter.count() >= expected) {
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new TerseException(what + " was not visible in serving_view after " + timeout.toMinutes() + " minutes; see "
                + speed.log());
    }

    private static TerseException died(ChildProcess speed) {
        return new TerseException("the speed layer " + Runs.exitReport(speed));
    }
}
