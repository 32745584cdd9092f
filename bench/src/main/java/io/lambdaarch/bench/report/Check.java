package io.lambdaarch.bench.report;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One target of a figure and whether this run met it.
 *
 * @param target the target as written in the table, e.g. {@code >= 0.8x}
 * @param met whether the measured value meets it
 * @param margin how far inside the target the value is, relative to the target ({@code 0.1} is 10% better than needed,
 *     negative when missed); infinite for a yes/no target. With {@code --runs}, the worst run of a figure is the one
 *     with the smallest margin.
 */
public record Check(String target, boolean met, double margin) {
    public Check {
        requireNonNull(target, "target is null");
        if (Double.isNaN(margin) || (margin < 0 && met) || (margin > 0 && !met)) {
            throw new IllegalArgumentException("margin " + margin + " does not agree with met=" + met + " for " + target);
        }
    }

    /** A yes/no target: its margin is infinite, so a missed one is worse than any measured margin. */
    public Check(String target, boolean met) {
        this(target, met, met ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
    }

    /** Met when {@code ratio >= minimum}. */
    public static Check ratioAtLeast(double ratio, double minimum) {
        return new Check(String.format(Locale.ROOT, ">= %sx", plain(minimum)), ratio >= minimum, relative(ratio - minimum, minimum));
    }

    /** Met when {@code ratio <= maximum}. */
    public static Check ratioAtMost(double ratio, double maximum) {
        return new Check(String.format(Locale.ROOT, "<= %sx", plain(maximum)), ratio <= maximum, relative(maximum - ratio, maximum));
    }

    /** Met when {@code value <= maximum}; {@code what} names the value, e.g. {@code p99}. */
    public static Check atMost(String what, double value, double maximum, Unit unit) {
        return new Check(String.format(Locale.ROOT, "%s <= %s %s", what, plain(maximum), unit.symbol()), value <= maximum,
                relative(maximum - value, maximum));
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

    /** {@code room} relative to the bound, or absolute when the bound is 0; never NaN. */
    private static double relative(double room, double bound) {
        double margin = bound == 0 ? room : room / Math.abs(bound);
        return Double.isNaN(margin) ? Double.NEGATIVE_INFINITY : margin;
    }
}
