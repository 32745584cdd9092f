package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One target of a figure and whether this run met it.
 *
 * @param target the target as written in the table, e.g. {@code >= 0.8x}
 * @param met whether the measured value meets it
 */
public record Check(String target, boolean met) {
    public Check {
        requireNonNull(target, "target is null");
    }

    /** Met when {@code ratio >= minimum}. */
    public static Check ratioAtLeast(double ratio, double minimum) {
        return new Check(String.format(Locale.ROOT, ">= %sx", plain(minimum)), ratio >= minimum);
    }

    /** Met when {@code ratio <= maximum}. */
    public static Check ratioAtMost(double ratio, double maximum) {
        return new Check(String.format(Locale.ROOT, "<= %sx", plain(maximum)), ratio <= maximum);
    }

    /** Met when {@code value <= maximum}; {@code what} names the value, e.g. {@code p99}. */
    public static Check atMost(String what, double value, double maximum, Unit unit) {
        return new Check(String.format(Locale.ROOT, "%s <= %s %s", what, plain(maximum), unit.symbol()), value <= maximum);
    }

    /** A target that is a yes/no property of the run, e.g. {@code lag not growing}. */
    public static Check holds(String property, boolean holds) {
        return new Check(property, holds);
    }

    /** {@code 0.8}, {@code 1.5}, {@code 50}: no trailing zeros. */
    static String plain(double number) {
        if (number == Math.rint(number)) {
            return String.format(Locale.ROOT, "%d", (long) number);
        }
        return String.format(Locale.ROOT, "%s", number);
    }
}
