package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One row of the results: what we measured, the baseline measured in the same run, their ratio and the targets.
 * A figure whose measurement failed carries the error instead of values, and counts as not met.
 *
 * @param id stable key in the JSON results, e.g. {@code ingestion}
 * @param title the row's name in the table
 * @param ours our values
 * @param baselineName what the baseline is, e.g. {@code ProducerPerformance}
 * @param baseline the baseline's values
 * @param ratio ours relative to the baseline (its meaning depends on the figure: a rate ratio, a time ratio, ...)
 * @param checks the targets and whether they were met
 * @param error why the figure could not be measured, if it could not
 * @param notes details worth keeping with the numbers (sizes, wall times, caveats)
 */
public record Figure(
        String id,
        String title,
        List<Value> ours,
        String baselineName,
        List<Value> baseline,
        OptionalDouble ratio,
        List<Check> checks,
        Optional<String> error,
        List<String> notes) {
    /** How much of an error the table shows. */
    private static final int SHORT_ERROR = 60;

    public Figure {
        requireNonNull(id, "id is null");
        requireNonNull(title, "title is null");
        ours = List.copyOf(ours);
        requireNonNull(baselineName, "baselineName is null");
        baseline = List.copyOf(baseline);
        requireNonNull(ratio, "ratio is null");
        checks = List.copyOf(checks);
        requireNonNull(error, "error is null");
        notes = List.copyOf(notes);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("figure " + id + " has no target");
        }
    }

    /** A measured figure. */
    public static Figure measured(String id, String title, List<Value> ours, String baselineName, List<Value> baseline,
            double ratio, List<Check> checks, List<String> notes) {
        return new Figure(id, title, ours, baselineName, baseline, OptionalDouble.of(ratio), checks, Optional.empty(), notes);
    }

    /** A figure that could not be measured: {@code targets} are listed as not met, with the error. */
    public static Figure failed(String id, String title, String baselineName, List<String> targets, String error) {
        List<Check> checks = targets.stream().map(t -> new Check(t, false)).toList();
        return new Figure(id, title, List.of(), baselineName, List.of(), OptionalDouble.empty(), checks, Optional.of(error),
                List.of("not measured: " + error));
    }

    /** True when every target was met (never for a failed figure). */
    public boolean met() {
        return error.isEmpty() && checks.stream().allMatch(Check::met);
    }

    /** {@code yes}, {@code NO} or {@code ERROR}. */
    public String verdict() {
        if (error.isPresent()) {
            return "ERROR";
        }
        return met() ? "yes" : "NO";
    }

    /** Our values as one cell; for a failed figure, the start of the error (the notes hold all of it). */
    public String oursCell() {
        return error.map(Figure::shortError).orElseGet(() -> describe(ours));
    }

    /** The baseline's values and name as one cell. */
    public String baselineCell() {
        if (baseline.isEmpty()) {
            return baselineName;
        }
        return describe(baseline) + " (" + baselineName + ")";
    }

    /** The ratio as one cell, e.g. {@code 0.93x}; a dash when there is none. */
    public String ratioCell() {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2fx", ratio.getAsDouble()) : "-";
    }

    /** The targets as one cell; a check that missed is marked. */
    public String targetCell() {
        return checks.stream()
                .map(c -> checks.size() > 1 && !c.met() && error.isEmpty() ? c.target() + " (missed)" : c.target())
                .collect(Collectors.joining("; "));
    }

    private static String shortError(String error) {
        String firstLine = error.lines().findFirst().orElse("");
        return "failed: " + (firstLine.length() > SHORT_ERROR ? firstLine.substring(0, SHORT_ERROR - 3) + "..." : firstLine);
    }

    private static String describe(List<Value> values) {
        return values.stream().map(Value::describe).collect(Collectors.joining(", "));
    }
}
