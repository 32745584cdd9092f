package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one bench run found: when and where it ran, with which sizes, every figure and the notes that explain
 * how a figure was measured.
 *
 * @param startedAt when the run started
 * @param elapsed how long it took, stack start-up included
 * @param machine the machine
 * @param load how busy the machine was meanwhile
 * @param parameters the sizes and settings of the run, in the order the command line lists them
 * @param figures the rows of the table, in order
 * @param notes how figures were measured, scalings and caveats
 */
public record BenchReport(
        Instant startedAt,
        Duration elapsed,
        Machine machine,
        LoadMonitor.Load load,
        Map<String, String> parameters,
        List<Figure> figures,
        List<String> notes) {
    public BenchReport {
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(machine, "machine is null");
        requireNonNull(load, "load is null");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        figures = List.copyOf(figures);
        notes = List.copyOf(notes);
    }

    /** True when some figure could not be measured at all. */
    public boolean anyFailed() {
        return figures.stream().anyMatch(f -> f.error().isPresent());
    }

    /** How many figures met all their targets. */
    public long metCount() {
        return figures.stream().filter(Figure::met).count();
    }
}
