package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one bench found: when and where it ran, with which sizes, every figure of every run and the notes that
 * explain how a figure was measured.
 *
 * @param startedAt when the bench started
 * @param elapsed how long it took, stack start-ups included
 * @param machine the machine
 * @param load how busy the machine was meanwhile
 * @param parameters the sizes and settings of the bench, in the order the command line lists them
 * @param runs each pass over the figures ({@code --runs}), in order; at least one
 * @param notes how figures were measured, scalings and caveats
 */
public record BenchReport(
        Instant startedAt,
        Duration elapsed,
        Machine machine,
        LoadMonitor.Load load,
        Map<String, String> parameters,
        List<BenchRun> runs,
        List<String> notes) {
    public BenchReport {
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(machine, "machine is null");
        requireNonNull(load, "load is null");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one run");
        }
        notes = List.copyOf(notes);
    }

    /** A report of a single run. */
    public static BenchReport ofOneRun(Instant startedAt, Duration elapsed, Machine machine, LoadMonitor.Load load,
            Map<String, String> parameters, List<Figure> figures, List<String> notes) {
        return new BenchReport(startedAt, elapsed, machine, load, parameters, List.of(new BenchRun(1, elapsed, load, figures)),
                notes);
    }

    /** Every figure across the runs, in the order of the first run. */
    public List<FigureRuns> figures() {
        return FigureRuns.of(runs);
    }

    /** True when some figure could not be measured at all in some run. */
    public boolean anyFailed() {
        return runs.stream().flatMap(run -> run.figures().stream()).anyMatch(f -> f.error().isPresent());
    }

    /** How many figures met all their targets in every run. */
    public long metCount() {
        return figures().stream().filter(FigureRuns::met).count();
    }
}
