package io.lambdaarch.serving.api;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.LocationNormalizer;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingViews;
import io.lambdaarch.serving.sql.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The query parameters of one API request, checked before anything touches the warehouse. Each problem becomes a
 * {@link BadParameterException} naming the parameter. Unknown and repeated parameters are errors too, so a typo
 * ({@code lmit=5}) is reported instead of silently ignored.
 */
public final class ApiParameters {
    /** Longest value accepted for any parameter, in characters. */
    public static final int MAX_VALUE_LENGTH = 1024;
    /** Most locations one top-locations request may ask for. */
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 10;
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    /** Most steps one time series may span. */
    public static final int MAX_POINTS = 10_000;

    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String LIMIT = "limit";
    public static final String LOCATION = "location";
    public static final String GRANULARITY = "granularity";
    public static final String VIEW = "view";

    private final Map<String, String> values;

    private ApiParameters(Map<String, String> values) {
        this.values = values;
    }

    /** Checks that {@code query} has only {@code allowed} names, each at most once, with values of sane length. */
    public static ApiParameters of(Map<String, List<String>> query, Set<String> allowed) {
        requireNonNull(query, "query is null");
        Set<String> unknown = new TreeSet<>(query.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            String name = unknown.iterator().next();
            throw new BadParameterException(name, String.format("unknown parameter %s; this endpoint takes %s",
                    printable(name), allowed.stream().sorted().collect(Collectors.joining(", "))));
        }
        Map<String, String> values = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : query.entrySet()) {
            if (entry.getValue().size() != 1) {
                throw new BadParameterException(entry.getKey(), entry.getKey() + " is given more than once");
            }
            String value = entry.getValue().get(0);
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new BadParameterException(entry.getKey(),
                        String.format("%s is longer than %d characters", entry.getKey(), MAX_VALUE_LENGTH));
            }
            values.put(entry.getKey(), value);
        }
        return new ApiParameters(values);
    }

    /** {@code from} and {@code to}, each optional, as a range whose from is before its to. */
    public TimeRange range() {
        Optional<Instant> from = instant(FROM);
        Optional<Instant> to = instant(TO);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new BadParameterException(TO, String.format("to (%s) must be after from (%s)", to.get(), from.get()));
        }
        return new TimeRange(from, to);
    }

    /** Like {@link #range()}, but both ends are required and the range spans at most {@value #MAX_POINTS} steps. */
    public TimeRange boundedRange(Granularity granularity) {
        TimeRange range = range();
        if (range.from().isEmpty()) {
            throw new BadParameterException(FROM, "from is required: an ISO-8601 instant such as 2026-11-26T00:00:00Z");
        }
        if (range.to().isEmpty()) {
            throw new BadParameterException(TO, "to is required: an ISO-8601 instant such as 2026-11-27T00:00:00Z");
        }
        Duration span = Duration.between(range.from().get(), range.to().get());
        long steps = (span.toSeconds() + granularity.step().toSeconds() - 1) / granularity.step().toSeconds();
        if (steps > MAX_POINTS) {
            throw new BadParameterException(TO, String.format("from..to spans %d steps of one %s; at most %d are served"
                    + " (use granularity=day or a shorter range)", steps, granularity.externalName(), MAX_POINTS));
        }
        return range;
    }

    /** {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    public int limit() {
        Optional<String> raw = Optional.ofNullable(values.get(LIMIT));
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        // A constant, and a compiled pattern: every request asks for its limit (String.format and String.matches
        // had 5 % of the request threads' samples in a JFR of the bench's cached load).
        String expected = "an integer from 1 to " + MAX_LIMIT;
        if (!DIGITS.matcher(raw.get()).matches()) {
            throw new BadParameterException(LIMIT, String.format("limit %s is not %s", printable(raw.get()), expected));
        }
        int limit = Integer.parseInt(raw.get());
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadParameterException(LIMIT, String.format("limit %d is out of range: expected %s", limit, expected));
        }
        return limit;
    }

    /**
     * The declared view {@code view} names in {@code query} (the default view when absent), checked against the views
     * served before anything else: a name that is not declared is refused with the names that are, so a request's view
     * reaches SQL only as one of the served views.
     */
    public static ServingQueries view(Map<String, List<String>> query, ServingViews views) {
        requireNonNull(query, "query is null");
        List<String> given = query.getOrDefault(VIEW, List.of());
        if (given.isEmpty()) {
            return views.defaultView();
        }
        if (given.size() != 1) {
            throw new BadParameterException(VIEW, VIEW + " is given more than once");
        }
        String name = given.get(0);
        return views.find(name).orElseThrow(() -> new BadParameterException(VIEW, String.format(
                "view %s is not declared; the views are %s", printable(name), String.join(", ", views.names()))));
    }

    /** {@code location}: required, exactly as the layers store it (normalized, at most 256 code points). */
    public String location() {
        return groupValue(LOCATION, true);
    }

    /**
     * The group of a series: a required value for each of {@code dimensions} (a view's non-time dimensions), each a
     * parameter of the dimension's name. A location must be one as stored ({@link #location()}); any other value must
     * be non-empty and free of control characters. Values are only ever bound as SQL parameters.
     */
    public Map<String, String> group(List<Dimension> dimensions) {
        Map<String, String> group = new LinkedHashMap<>();
        for (Dimension dimension : dimensions) {
            group.put(dimension.column(), groupValue(dimension.column(),
                    dimension.sourceColumn().equals(TweetView.LOCATION)));
        }
        return group;
    }

    private String groupValue(String name, boolean location) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new BadParameterException(name, name + " is required");
        }
        if (location && !LocationNormalizer.normalize(value).equals(value)) {
            throw new BadParameterException(name, String.format("%s %s is not a location as stored: locations"
                    + " have no surrounding or repeated whitespace, no control characters and at most %d code points",
                    name, printable(value), LocationNormalizer.MAX_CODE_POINTS));
        }
        if (value.codePoints().anyMatch(Character::isISOControl)) {
            throw new BadParameterException(name, String.format("%s %s has control characters", name,
                    printable(value)));
        }
        return value;
    }

    /** {@code granularity}: hour (default) or day. */
    public Granularity granularity() {
        return granularity(List.of(Granularity.values()), "");
    }

    /**
     * {@code granularity}: one of {@code allowed} (a view's steps, its own grain first), the first when absent;
     * {@code why} ends the message of a value not allowed.
     */
    public Granularity granularity(List<Granularity> allowed, String why) {
        String raw = values.get(GRANULARITY);
        if (raw == null) {
            return allowed.get(0);
        }
        return allowed.stream()
                .filter(g -> g.externalName().equals(raw))
                .findFirst()
                .orElseThrow(() -> new BadParameterException(GRANULARITY, String.format(
                        "granularity %s is not one of %s%s", printable(raw), allowed.stream()
                                .map(Granularity::externalName).collect(Collectors.joining(", ")), why)));
    }

    private Optional<Instant> instant(String name) {
        String raw = values.get(name);
        if (raw == null) {
            return Optional.empty();
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(name, String.format(
                    "%s %s is not an ISO-8601 instant such as 2026-11-26T09:00:00Z", name, printable(raw)));
        }
        if (instant.isBefore(EventValidator.EARLIEST_STORABLE) || !instant.isBefore(EventValidator.END_OF_STORABLE)) {
            throw new BadParameterException(name, String.format(
                    "%s %s is out of range: expected a time in the years 1 to 9999 (UTC)", name, printable(raw)));
        }
        return Optional.of(instant);
    }

    // Echoes a bad value back safely: quoted, control characters escaped, long values cut.
    static String printable(String value) {
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(64).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        if (value.codePointCount(0, value.length()) > 64) {
            out.append("...");
        }
        return out.append('\'').toString();
    }
}
