package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type of a {@link Setting}: how its text parses, which values it accepts, and how a value is written back (in
 * messages and in the README table). Parse failures and rejected values are described by what was expected, so every
 * problem reads {@code Invalid value V for NAME (from ORIGIN): expected ...}.
 *
 * @param <T> the parsed value
 */
public interface SettingType<T> {
    /** Parses {@code text} (already trimmed unless {@link #keepsWhitespace()}); throws {@link IllegalArgumentException} whose message says what was expected. */
    T parse(String text);

    /** What is wrong with a parsed value (for example out of range) as "expected ..." text, or empty when it is fine. */
    Optional<String> check(T value);

    /** The value written as a user would give it. */
    String format(T value);

    /** What the type accepts, in a few words, for the README; empty for free text. */
    String accepts();

    /** Stands in for a missing or rejected value so a settings record can still be built before the reader throws. */
    T placeholder();

    /** True for secrets, whose leading and trailing spaces may matter. */
    default boolean keepsWhitespace() {
        return false;
    }

    /** Any non-blank text. */
    static SettingType<String> string() {
        return new Text(null, "");
    }

    /** Text matching {@code regex} in full; {@code expected} describes it. */
    static SettingType<String> matching(String regex, String expected) {
        return new Text(requireNonNull(regex, "regex is null"), requireNonNull(expected, "expected is null"));
    }

    /** A password or key: kept exactly as given (edge spaces may matter), never printed. */
    static SettingType<Secret> secret() {
        return new SecretText(true);
    }

    /** An API token: trimmed like any other value, never printed. */
    static SettingType<Secret> token() {
        return new SecretText(false);
    }

    /** An integer from {@code min} to {@code max}. */
    static SettingType<Integer> integer(int min, int max) {
        return new IntegerRange(min, max);
    }

    /** A long integer from {@code min} to {@code max}. */
    static SettingType<Long> longInteger(long min, long max) {
        return new LongRange(min, max);
    }

    /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code 1}/{@code 0}). */
    static SettingType<Boolean> bool() {
        return new Bool();
    }

    /** A duration of at least {@code min}; see {@link Durations} for the syntax. */
    static SettingType<Duration> duration(Duration min) {
        return new DurationRange(min, null, false);
    }

    /** A duration from {@code min} to {@code max}. */
    static SettingType<Duration> duration(Duration min, Duration max) {
        return new DurationRange(min, requireNonNull(max, "max is null"), false);
    }

    /** A whole number of seconds from {@code min} to {@code max} (no upper bound when {@code max} is null). */
    static SettingType<Duration> wholeSeconds(Duration min, Duration max) {
        return new DurationRange(min, max, true);
    }

    /** One of the enum's external names (lower case, as {@code externalName} gives them), ignoring case. */
    static <E extends Enum<E>> SettingType<E> enumeration(Class<E> type, Function<E, String> externalName) {
        return new Enumeration<>(type, externalName);
    }

    /** An absolute URI with a host and one of {@code schemes}. */
    static SettingType<URI> uri(String... schemes) {
        return new UriType(List.of(schemes));
    }

    /** A file system path. */
    static SettingType<Path> path() {
        return new PathType(false);
    }

    /** An existing, writable directory. */
    static SettingType<Path> writableDirectory() {
        return new PathType(true);
    }

    /** Free text, or text matching a pattern. */
    record Text(String regex, String expected) implements SettingType<String> {
        @Override
        public String parse(String text) {
            return text;
        }

        @Override
        public Optional<String> check(String value) {
            if (regex == null || value.matches(regex)) {
                return Optional.empty();
            }
            return Optional.of(expected);
        }

        @Override
        public String format(String value) {
            return value;
        }

        @Override
        public String accepts() {
            return expected;
        }

        @Override
        public String placeholder() {
            return "";
        }
    }

    /** A secret, optionally kept exactly as given. */
    record SecretText(boolean keepsWhitespace) implements SettingType<Secret> {
        @Override
        public Secret parse(String text) {
            return new Secret(text);
        }

        @Override
        public Optional<String> check(Secret value) {
            return Optional.empty();
        }

        @Override
        public String format(Secret value) {
            return value.toString();
        }

        @Override
        public String accepts() {
            return "secret, never printed";
        }

        @Override
        public Secret placeholder() {
            return new Secret("");
        }
    }

    /** An int in a closed range. */
    record IntegerRange(int min, int max) implements SettingType<Integer> {
        @Override
        public Integer parse(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(accepts(), e);
            }
        }

        @Override
        public Optional<String> check(Integer value) {
            return value < min || value > max ? Optional.of(accepts()) : Optional.empty();
        }

        @Override
        public String format(Integer value) {
            return value.toString();
        }

        @Override
        public String accepts() {
            return "an integer from " + min + " to " + max;
        }

        @Override
        public Integer placeholder() {
            return min;
        }
    }

    /** A long in a closed range. */
    record LongRange(long min, long max) implements SettingType<Long> {
        @Override
        public Long parse(String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(accepts(), e);
            }
        }

        @Override
        public Optional<String> check(Long value) {
            return value < min || value > max ? Optional.of(accepts()) : Optional.empty();
        }

        @Override
        public String format(Long value) {
            return value.toString();
        }

        @Override
        public String accepts() {
            if (max == Long.MAX_VALUE) {
                return "an integer of at least " + min;
            }
            return "an integer from " + min + " to " + max;
        }

        @Override
        public Long placeholder() {
            return min;
        }
    }

    /** A boolean. */
    record Bool() implements SettingType<Boolean> {
        @Override
        public Boolean parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException(accepts());
            };
        }

        @Override
        public Optional<String> check(Boolean value) {
            return Optional.empty();
        }

        @Override
        public String format(Boolean value) {
            return value.toString();
        }

        @Override
        public String accepts() {
            return "true or false";
        }

        @Override
        public Boolean placeholder() {
            return false;
        }
    }

    /**
     * A duration from {@code min} to {@code max} (unbounded when null), optionally a whole number of seconds.
     *
     * @param wholeSeconds whether a fraction of a second is rejected (JDBC's query timeout, bucket boundaries)
     */
    record DurationRange(Duration min, Duration max, boolean wholeSeconds) implements SettingType<Duration> {
        public DurationRange {
            requireNonNull(min, "min is null");
        }

        @Override
        public Duration parse(String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(Durations.EXPECTED, e);
            }
        }

        @Override
        public Optional<String> check(Duration value) {
            if (value.compareTo(min) < 0 || (max != null && value.compareTo(max) > 0)) {
                return Optional.of(range());
            }
            if (wholeSeconds && value.getNano() != 0) {
                return Optional.of("a whole number of seconds");
            }
            return Optional.empty();
        }

        @Override
        public String format(Duration value) {
            return Durations.format(value);
        }

        @Override
        public String accepts() {
            return wholeSeconds ? range() + ", whole seconds" : range();
        }

        private String range() {
            if (max == null) {
                return "a duration of at least " + Durations.format(min);
            }
            return "a duration from " + Durations.format(min) + " to " + Durations.format(max);
        }

        @Override
        public Duration placeholder() {
            return min;
        }
    }

    /** An enum by its external names. */
    record Enumeration<E extends Enum<E>>(Class<E> type, Function<E, String> externalName) implements SettingType<E> {
        public Enumeration {
            requireNonNull(type, "type is null");
            requireNonNull(externalName, "externalName is null");
        }

        @Override
        public E parse(String text) {
            for (E constant : type.getEnumConstants()) {
                if (externalName.apply(constant).equalsIgnoreCase(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(accepts());
        }

        @Override
        public Optional<String> check(E value) {
            return Optional.empty();
        }

        @Override
        public String format(E value) {
            return externalName.apply(value);
        }

        @Override
        public String accepts() {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(externalName).collect(Collectors.joining(", "));
        }

        @Override
        public E placeholder() {
            return type.getEnumConstants()[0];
        }
    }

    /** An absolute URI with a host and an allowed scheme. */
    record UriType(List<String> schemes) implements SettingType<URI> {
        public UriType {
            schemes = List.copyOf(schemes);
        }

        @Override
        public URI parse(String text) {
            try {
                return new URI(text);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(accepts(), e);
            }
        }

        @Override
        public Optional<String> check(URI uri) {
            if (uri.getScheme() == null || schemes.stream().noneMatch(s -> s.equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
                return Optional.of(accepts());
            }
            return Optional.empty();
        }

        @Override
        public String format(URI value) {
            return value.toString();
        }

        @Override
        public String accepts() {
            return "an absolute URI with scheme " + String.join(" or ", schemes);
        }

        @Override
        public URI placeholder() {
            return URI.create(schemes.get(0) + "://localhost");
        }
    }

    /** A path, optionally one that must be an existing, writable directory. */
    record PathType(boolean writableDirectory) implements SettingType<Path> {
        @Override
        public Path parse(String text) {
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(writableDirectory ? accepts() : "a file system path", e);
            }
        }

        @Override
        public Optional<String> check(Path value) {
            if (writableDirectory && !(Files.isDirectory(value) && Files.isWritable(value))) {
                return Optional.of(accepts());
            }
            return Optional.empty();
        }

        @Override
        public String format(Path value) {
            return value.toString();
        }

        @Override
        public String accepts() {
            return writableDirectory ? "an existing, writable directory" : "";
        }

        @Override
        public Path placeholder() {
            return Path.of("");
        }
    }
}
