package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * One pass over the figures, on a stack of its own: {@code ./lambda bench --runs N} makes N of them.
 *
 * @param number 1 for the first run
 * @param elapsed how long the run took, its stack's start-up included
 * @param load how busy the machine was during the run
 * @param figures the run's figures, in order
 */
public record BenchRun(int number, Duration elapsed, LoadMonitor.Load load, List<Figure> figures) {
    public BenchRun {
        if (number < 1) {
            throw new IllegalArgumentException("run number must be >= 1: " + number);
        }
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(load, "load is null");
        figures = List.copyOf(figures);
    }
}
