package io.lambdaarch.common.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the duration syntax every setting and option accepts: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601 ({@code PT30S}). */
public final class Durations {
    /** What to print when a value does not parse. */
    public static final String EXPECTED = "a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S";
    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /** Returns the duration, or throws {@link IllegalArgumentException} naming {@link #EXPECTED}. */
    public static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SHORT.matcher(value);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("expected " + EXPECTED, e);
        }
    }

    /**
     * The shortest of the short forms that represents {@code duration} exactly, e.g. {@code 90s} or {@code 2h}; ISO-8601
     * ({@code PT0.0000015S}) when it is not a whole number of milliseconds.
     */
    public static String format(Duration duration) {
        if (duration.getNano() % 1_000_000 != 0) {
            // No short form is finer than a millisecond; toMillis() would round this one.
            return duration.toString();
        }
        long millis = duration.toMillis();
        if (millis % 86_400_000L == 0 && millis != 0) {
            return millis / 86_400_000L + "d";
        } else if (millis % 3_600_000L == 0 && millis != 0) {
            return millis / 3_600_000L + "h";
        } else if (millis % 60_000L == 0 && millis != 0) {
            return millis / 60_000L + "m";
        } else if (millis % 1_000L == 0) {
            return millis / 1_000L + "s";
        }
        return millis + "ms";
    }
}
