package io.lambdaarch.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * One figure across the runs of a bench: its median and its worst run. A target counts as met only when every run met
 * it, so the worst run decides, never a lucky one.
 *
 * @param runs the figure as each run measured it, in run order (at least one; all with the same id)
 */
public record FigureRuns(List<Figure> runs) {
    /** The worst run first: failed, then more targets missed, then the smallest margin to a target. */
    private static final Comparator<Figure> WORST_FIRST = Comparator
            .comparing((Figure f) -> f.error().isEmpty())
            .thenComparing(f -> f.checks().stream().filter(Check::met).count())
            .thenComparingDouble(FigureRuns::smallestMargin);

    public FigureRuns {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one run");
        }
        String id = runs.get(0).id();
        if (runs.stream().anyMatch(f -> !f.id().equals(id))) {
            throw new IllegalArgumentException("runs of different figures: " + runs.stream().map(Figure::id).toList());
        }
    }

    /** Groups the runs' figures by id, in the order of their first appearance. */
    public static List<FigureRuns> of(List<BenchRun> benchRuns) {
        List<String> ids = new ArrayList<>();
        benchRuns.forEach(run -> run.figures().stream().map(Figure::id).filter(id -> !ids.contains(id)).forEach(ids::add));
        return ids.stream()
                .map(id -> new FigureRuns(benchRuns.stream().flatMap(run -> run.figures().stream())
                        .filter(f -> f.id().equals(id)).toList()))
                .toList();
    }

    public String id() {
        return runs.get(0).id();
    }

    public String title() {
        return runs.get(0).title();
    }

    /** The run that did worst (for one run, that run). */
    public Figure worst() {
        return runs.stream().min(WORST_FIRST).orElseThrow();
    }

    /** Which run {@link #worst()} was, from 1. */
    public int worstRun() {
        return runs.indexOf(worst()) + 1;
    }

    /** True when every run met every target. */
    public boolean met() {
        return runs.stream().allMatch(Figure::met);
    }

    /** How many runs met every target. */
    public long metRuns() {
        return runs.stream().filter(Figure::met).count();
    }

    /** The first error of a run that could not be measured, if any. */
    public Optional<String> error() {
        return runs.stream().map(Figure::error).flatMap(Optional::stream).findFirst();
    }

    /** The runs that were measured. */
    public List<Figure> measured() {
        return runs.stream().filter(f -> f.error().isEmpty()).toList();
    }

    /** The median ratio over the measured runs, if any was. */
    public OptionalDouble medianRatio() {
        double[] ratios = measured().stream().map(Figure::ratio).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
        return ratios.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(median(ratios));
    }

    /** Our values, each the median over the measured runs. */
    public List<Value> medianOurs() {
        return medianValues(measured().stream().map(Figure::ours).toList());
    }

    /** The baseline's values, each the median over the measured runs. */
    public List<Value> medianBaseline() {
        return medianValues(measured().stream().map(Figure::baseline).toList());
    }

    /** The targets, each marked met only when every run met it. */
    public List<Check> checks() {
        List<Check> first = runs.get(0).checks();
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            int index = i;
            boolean metByAll = runs.stream().allMatch(f -> f.error().isEmpty() && f.checks().size() == first.size()
                    && f.checks().get(index).met());
            checks.add(new Check(first.get(i).target(), metByAll));
        }
        return checks;
    }

    /** {@code 0.82x, 0.79x, 0.85x}: each run's ratio, {@code -} for a run that was not measured. */
    public String ratiosByRun() {
        return runs.stream().map(Figure::ratioCell).collect(Collectors.joining(", "));
    }

    /** Values at the same place in every list (same name and unit) get their median; otherwise the first list's. */
    private static List<Value> medianValues(List<List<Value>> perRun) {
        if (perRun.isEmpty()) {
            return List.of();
        }
        List<Value> first = perRun.get(0);
        boolean aligned = perRun.stream().allMatch(values -> values.size() == first.size() && sameShape(values, first));
        if (!aligned) {
            return first;
        }
        List<Value> medians = new ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            int index = i;
            double[] amounts = perRun.stream().mapToDouble(values -> values.get(index).amount()).toArray();
            medians.add(new Value(first.get(i).name(), median(amounts), first.get(i).unit()));
        }
        return medians;
    }

    private static boolean sameShape(List<Value> values, List<Value> first) {
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).name().equals(first.get(i).name()) || values.get(i).unit() != first.get(i).unit()) {
                return false;
            }
        }
        return true;
    }

    // Visible for testing
    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double smallestMargin(Figure figure) {
        return figure.checks().stream().mapToDouble(Check::margin).min().orElse(Double.POSITIVE_INFINITY);
    }

    /** {@code met in 2 of 3 runs}. */
    String metDescription() {
        return String.format(Locale.ROOT, "met in %d of %d runs", metRuns(), runs.size());
    }
}
