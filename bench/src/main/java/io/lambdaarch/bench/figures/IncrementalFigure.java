package io.lambdaarch.bench.figures;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.bench.jdbc.RawHistory;
import io.lambdaarch.bench.jdbc.RecordedRuns;
import io.lambdaarch.bench.process.Runs;
import io.lambdaarch.bench.report.Check;
import io.lambdaarch.bench.report.Figure;
import io.lambdaarch.bench.report.LoadAverage;
import io.lambdaarch.bench.report.Unit;
import io.lambdaarch.bench.report.Value;
import io.lambdaarch.bench.stack.BenchSandbox;
import io.lambdaarch.bench.stats.Percentiles;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.view.IngestBuckets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The incremental batch run: one hour of new events over {@link #HISTORY_DAYS} days of landed history, against a full
 * recompute of the same history, at 1x and 4x the history (the new hour stays the same size). History is landed as
 * landing leaves it (raw_batch, the first-copy index, a landing run; {@link RawHistory}); {@code ./lambda batch
 * recompute --full} then rebuilds batch_view from it, and the database is vacuumed and analyzed as autovacuum would
 * have done long before a user's next hourly run ({@link RawHistory#settle}). Then {@link #INCREMENTAL_RUNS} times one
 * more hour is landed and {@code ./lambda batch recompute} adds it, at both sizes in turn (the figure is the median of
 * each size's hours). Times are the job's own (each run's recorded duration).
 */
public final class IncrementalFigure {
    static final String ID = "incremental";
    static final String TITLE = "incremental batch run";
    static final String BASELINE = "full recompute of the same history";
    static final double TARGET = 0.1;
    static final String GROWTH_ID = "incremental-4x";
    static final String GROWTH_TITLE = "incremental batch run, 4x history";
    /** The incremental run's time at 4x the history may be at most this many times its time at 1x. */
    static final double GROWTH_TARGET = 1.25;
    static final int HISTORY_DAYS = 90;
    private static final int LARGER = 4;
    /**
     * How many new hours are added one run each at every size; the figure is their median. Runs take tens of
     * milliseconds, where one slow round trip moves a run by a tenth: the median of 3 was not a stable figure.
     */
    static final int INCREMENTAL_RUNS = 7;
    private static final Duration HOUR = Duration.ofHours(1);

    private final BenchContext context;

    public IncrementalFigure(BenchContext context) {
        this.context = requireNonNull(context, "context is null");
    }

    /** What one history size measured. */
    record Scale(int multiple, long history, long newEvents, Duration full, Duration incremental, double load) {
    }

    /** The figures' rows when they could not be measured. */
    public static List<Figure> failed(String error) {
        return List.of(
                Figure.failed(ID, TITLE, BASELINE, List.of(Check.ratioAtMost(0, TARGET).target()), error),
                Figure.failed(GROWTH_ID, GROWTH_TITLE, "same at 1x", List.of(Check.ratioAtMost(0, GROWTH_TARGET).target()), error));
    }

    /** Measures at 1x and 4x the history; 1x is {@code --events} events. */
    public List<Figure> measure(BenchSandbox topic) throws InterruptedException, SQLException {
        long history = context.settings().events();
        long newEvents = Math.max(1, history / (HISTORY_DAYS * 24L));
        Instant end = IngestBuckets.floor(Instant.now(), HOUR).minus(HOUR);
        List<Size> sizes = new ArrayList<>();
        for (int multiple : List.of(1, LARGER)) {
            sizes.add(prepare(topic, multiple, history * multiple, end));
        }
        // The hours of both sizes alternate (1x first, then 4x first, ...), so both meet the same machine: a burst of
        // other work, or the JIT of the bench itself, moves both, not the ratio.
        long[][] runs = new long[sizes.size()][INCREMENTAL_RUNS];
        for (int run = 0; run < INCREMENTAL_RUNS; run++) {
            Instant hour = end.plus(HOUR.multipliedBy(run));
            for (int i = 0; i < sizes.size(); i++) {
                int index = run % 2 == 0 ? i : sizes.size() - 1 - i;
                Size size = sizes.get(index);
                context.progress().say("incremental %dx: landing one more hour, %,d events", size.multiple(), newEvents);
                size.raw().land(topic.topic(), "bench-new-hour-" + (run + 1), newEvents, hour, hour.plus(HOUR));
                runs[index][run] = recompute(size.sandbox(), "incremental-run-" + size.multiple() + "x-" + (run + 1),
                        List.of("recompute"), BatchRunMode.INCREMENTAL, newEvents, size.timeout()).toNanos();
            }
        }
        double load = LoadAverage.now().oneMinute();
        List<Scale> scales = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) {
            Size size = sizes.get(i);
            Duration incremental = Duration.ofNanos(Percentiles.median(runs[i]));
            context.progress().say("incremental %dx: full %.2f s, incremental %.3f s", size.multiple(), seconds(size.full()),
                    seconds(incremental));
            scales.add(new Scale(size.multiple(), size.history(), newEvents, size.full(), incremental, load));
        }
        return figures(scales);
    }

    /** One history size, landed, recomputed in full and settled: what its hours are added to. */
    private record Size(int multiple, long history, BenchSandbox sandbox, RawHistory raw, Duration full, Duration timeout) {
    }

    private Size prepare(BenchSandbox topic, int multiple, long history, Instant end) throws InterruptedException, SQLException {
        BenchSandbox sandbox = context.stack().databaseFor(topic, "incremental_" + multiple + "x");
        RawHistory raw = new RawHistory(sandbox.connector());
        context.progress().say("incremental %dx: landing %,d events over %d days", multiple, history, HISTORY_DAYS);
        raw.land(topic.topic(), "bench-history", history, end.minus(Duration.ofDays(HISTORY_DAYS)), end);
        Duration timeout = Duration.ofMinutes(10).plusSeconds(history / 20_000);
        Duration full = recompute(sandbox, "incremental-full-" + multiple + "x", List.of("recompute", "--full"),
                BatchRunMode.FULL, history, timeout);
        raw.settle();
        return new Size(multiple, history, sandbox, raw, full, timeout);
    }

    private Duration recompute(BenchSandbox sandbox, String name, List<String> args, BatchRunMode mode, long rowsIn,
            Duration timeout) throws InterruptedException, SQLException {
        Runs.runToSuccess(() -> context.launcher().start(name, "batch", args, sandbox.environment()), timeout);
        BatchRun run = new RecordedRuns(sandbox.connector()).latestRecompute();
        if (run.mode() != mode || run.rowsIn() != rowsIn) {
            throw new TerseException(String.format(Locale.ROOT, "%s: a %s run of %,d first copies expected, the job recorded a"
                    + " %s run of %,d", name, mode.sqlValue(), rowsIn, run.mode().sqlValue(), run.rowsIn()));
        }
        return Duration.ofMillis(run.durationMs());
    }

    static List<Figure> figures(List<Scale> scales) {
        Scale one = scales.get(0);
        Scale larger = scales.get(1);
        double ratio = seconds(one.incremental()) / seconds(one.full());
        double growth = seconds(larger.incremental()) / seconds(one.incremental());
        return List.of(
                Figure.measured(ID, TITLE, List.of(new Value("", seconds(one.incremental()), Unit.SECONDS)), BASELINE,
                        List.of(new Value("", seconds(one.full()), Unit.SECONDS)), ratio,
                        List.of(Check.ratioAtMost(ratio, TARGET)), List.of(note(scales))),
                Figure.measured(GROWTH_ID, GROWTH_TITLE, List.of(new Value("", seconds(larger.incremental()), Unit.SECONDS)),
                        "same at 1x", List.of(new Value("", seconds(one.incremental()), Unit.SECONDS)), growth,
                        List.of(Check.holds("flat: " + Check.ratioAtMost(growth, GROWTH_TARGET).target(), growth <= GROWTH_TARGET)),
                        List.of()));
    }

    private static String note(List<Scale> scales) {
        StringBuilder note = new StringBuilder("one hour of new events over " + HISTORY_DAYS + " days of landed history, median of " + INCREMENTAL_RUNS + " hours"
                + " (the " + LedgerTables.unqualified().batchRuns() + " duration of `batch recompute` vs `batch recompute --full`)");
        for (Scale s : scales) {
            note.append(String.format(Locale.ROOT, "; %dx (%,d events of history, %,d new): incremental %.3f s, full %.2f s,"
                    + " ratio %.3fx, load %.1f", s.multiple(), s.history(), s.newEvents(), seconds(s.incremental()),
                    seconds(s.full()), seconds(s.incremental()) / seconds(s.full()), s.load()));
        }
        return note.toString();
    }

    private static double seconds(Duration duration) {
        return Math.max(duration.toNanos(), 1_000) / 1e9;
    }
}
