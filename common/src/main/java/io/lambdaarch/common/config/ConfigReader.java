package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads typed values from a {@link ConfigSource}, collecting every problem instead of stopping at the first.
 * Readers return a placeholder for a bad value; call {@link #validate()} before building a config record from them.
 * Messages follow the form {@code Invalid value V for NAME (from ORIGIN): expected ...}.
 */
public final class ConfigReader {
    private final ConfigSource source;
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(ConfigSource source) {
        this.source = requireNonNull(source, "source is null");
    }

    public ConfigSource source() {
        return source;
    }

    /** A value that must be present. */
    public String requiredString(String key, String expected) {
        Optional<String> value = source.get(key);
        if (value.isEmpty()) {
            problems.add("Missing " + key + ": expected " + expected);
            return "";
        }
        return value.get();
    }

    public String string(String key, String defaultValue) {
        return source.get(key).orElse(defaultValue);
    }

    public Optional<String> optionalString(String key) {
        return source.get(key);
    }

    public Secret secret(String key, String defaultValue) {
        return new Secret(source.getRaw(key).orElse(defaultValue));
    }

    public int intValue(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                invalid(key, raw.get(), "an integer from " + min + " to " + max);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            invalid(key, raw.get(), "an integer from " + min + " to " + max);
            return defaultValue;
        }
    }

    public double doubleValue(String key, double defaultValue, double min, double max) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (!(value >= min && value <= max)) {
                invalid(key, raw.get(), "a number from " + min + " to " + max);
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            invalid(key, raw.get(), "a number from " + min + " to " + max);
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        return switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> {
                invalid(key, raw.get(), "true or false");
                yield defaultValue;
            }
        };
    }

    /** A duration at least {@code min}; see {@link Durations} for the syntax. */
    public Duration duration(String key, Duration defaultValue, Duration min) {
        return duration(key, defaultValue, min, null);
    }

    /** A duration from {@code min} to {@code max} (no upper bound when {@code max} is null). */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            Duration value = Durations.parse(raw.get());
            if (value.compareTo(min) < 0 || (max != null && value.compareTo(max) > 0)) {
                invalid(key, raw.get(), max == null
                        ? "a duration of at least " + Durations.format(min)
                        : "a duration from " + Durations.format(min) + " to " + Durations.format(max));
                return defaultValue;
            }
            return value;
        } catch (IllegalArgumentException e) {
            invalid(key, raw.get(), Durations.EXPECTED);
            return defaultValue;
        }
    }

    /** An absolute URI whose scheme is one of {@code schemes}, if set. */
    public Optional<URI> optionalUri(String key, String... schemes) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String expected = "an absolute URI with scheme " + String.join(" or ", schemes);
        try {
            URI uri = new URI(raw.get());
            if (uri.getScheme() == null || Arrays.stream(schemes).noneMatch(s -> s.equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                invalid(key, raw.get(), expected);
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            invalid(key, raw.get(), expected);
            return Optional.empty();
        }
    }

    /** One of the enum's external names (lower case, as {@code externalName} gives them). */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue, Function<E, String> externalName) {
        Optional<String> raw = source.get(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (externalName.apply(constant).equalsIgnoreCase(raw.get())) {
                return constant;
            }
        }
        invalid(key, raw.get(), "one of " + Arrays.stream(type.getEnumConstants()).map(externalName)
                .collect(Collectors.joining(", ")));
        return defaultValue;
    }

    /** Records a rule that involves more than one setting; the message must name each of them. */
    public void check(boolean condition, String message) {
        if (!condition) {
            problems.add(message);
        }
    }

    /** Records a problem with one setting's value. */
    public void invalid(String key, String value, String expected) {
        problems.add("Invalid value " + value + " for " + key + " (from " + source.origin(key) + "): expected " + expected);
    }

    /** Throws {@link ConfigException} listing every problem found so far, if any. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** How many problems were found so far; lets a caller skip a cross-field check when a field was already rejected. */
    public int problemCount() {
        return problems.size();
    }

    /** True if no problem was found so far. */
    public boolean isValid() {
        return problems.isEmpty();
    }
}
