package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

/**
 * One measured number of a figure, e.g. {@code p99 = 41.2 ms}.
 *
 * @param name what it is ({@code rate}, {@code p50}, {@code time}, ...)
 * @param amount the number, in {@code unit}
 * @param unit its unit
 */
public record Value(String name, double amount, Unit unit) {
    public Value {
        requireNonNull(name, "name is null");
        requireNonNull(unit, "unit is null");
        if (!Double.isFinite(amount)) {
            throw new IllegalArgumentException(name + " is not a finite number: " + amount);
        }
    }

    /** {@code p99 41.2 ms}, or just the amount and unit when the name is the figure's only value ({@code ""}). */
    public String describe() {
        return name.isEmpty() ? unit.format(amount) : name + " " + unit.format(amount);
    }
}
