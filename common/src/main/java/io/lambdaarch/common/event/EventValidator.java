package io.lambdaarch.common.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one implementation of docs/design.md#validation-and-normalization: parses a raw record, checks every rule and returns the normalized
 * event or the reason it is invalid. Every layer (ingestion, batch, speed) calls this, so they cannot disagree.
 *
 * <p>Thread-safe and stateless apart from its immutable JSON mapper.
 */
public final class EventValidator {
    private static final int MAX_ID_DIGITS = 19;
    private static final BigInteger MAX_ID = new BigInteger("9999999999999999999");
    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final int MAX_DETAIL_VALUE_LENGTH = 64;
    /** The first instant every layer can store: SQL timestamps and Spark's TimestampType share years 1-9999 (UTC). */
    public static final Instant EARLIEST_STORABLE = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    /** The first instant past that range (year 10000, UTC). */
    public static final Instant END_OF_STORABLE = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private final ObjectMapper mapper;

    public EventValidator() {
        this.mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /**
     * Validates one record given as UTF-8 JSON bytes (a Kafka value or a JSON Lines line). Other encodings, ill-formed
     * UTF-8 and a byte order mark are malformed.
     */
    public ValidationResult validate(byte[] json) {
        return parse(json, this::validate);
    }

    /**
     * Parses a record given as UTF-8 JSON bytes, as {@link #validate(byte[])} does, and hands the value to {@code then};
     * for sources whose records are another JSON format that {@code then} turns into an event and validates.
     */
    public ValidationResult parse(byte[] json, Function<JsonNode, ValidationResult> then) {
        if (json == null || json.length == 0) {
            return invalid(InvalidReason.MALFORMED_JSON, "empty record");
        }
        // Decoded here, not by Jackson: Jackson also accepts UTF-16 and UTF-32 input and some ill-formed UTF-8 (overlong
        // forms such as C0 AF for '/', sequences above U+10FFFF), while the JDK decoder follows RFC 3629 strictly. The
        // String constructor replaces what is ill-formed with U+FFFD, so the bytes come back unchanged exactly when
        // they were well-formed; it and getBytes are several times faster than a CharsetDecoder on mixed scripts.
        String text = new String(json, StandardCharsets.UTF_8);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), json)) {
            return invalid(InvalidReason.MALFORMED_JSON, "not well-formed UTF-8");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return invalid(InvalidReason.MALFORMED_JSON, firstLine(e.getOriginalMessage()));
        }
        return then.apply(root);
    }

    /** Validates an already parsed JSON value, for sources that build the event from another format. */
    public ValidationResult validate(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return invalid(InvalidReason.MALFORMED_JSON, "empty record");
        }
        if (!root.isObject()) {
            return invalid(InvalidReason.NOT_AN_OBJECT, "expected a JSON object, got " + kind(root));
        }
        JsonNode version = root.get("v");
        // bigIntegerValue, not asLong: asLong wraps 2^64 + 1 around to 1.
        if (present(version) && !(version.isIntegralNumber() && BigInteger.ONE.equals(version.bigIntegerValue()))) {
            return invalid(InvalidReason.UNSUPPORTED_VERSION, "v must be 1, got " + shorten(version.toString()));
        }

        String id = canonicalId(root.get("id"));
        if (id == null) {
            return invalid(InvalidReason.INVALID_ID,
                    "id must be 1-19 decimal digits (string or number), got " + describe(root.get("id")));
        }

        Instant createdAt = instant(root.get("created_at"));
        if (createdAt == null) {
            return invalid(InvalidReason.INVALID_CREATED_AT,
                    "created_at must be an ISO-8601 instant with offset, got " + describe(root.get("created_at")));
        }

        JsonNode user = root.get("user");
        if (present(user) && !user.isObject()) {
            return invalid(InvalidReason.INVALID_USER, "user must be an object, got " + kind(user));
        }
        JsonNode userId = present(user) ? user.get("id") : null;
        if (present(userId) && !(userId.isTextual() || userId.isIntegralNumber())) {
            return invalid(InvalidReason.INVALID_USER, "user.id must be a string or an integer, got " + describe(userId));
        }
        JsonNode location = present(user) ? user.get("location") : null;
        if (present(location) && !location.isTextual()) {
            return invalid(InvalidReason.INVALID_LOCATION, "user.location must be a string, got " + describe(location));
        }

        long followers = count(present(user) ? user.get("followers_count") : null);
        if (followers < 0) {
            return invalidCount("user.followers_count", user.get("followers_count"));
        }
        long favorites = count(root.get("favorite_count"));
        if (favorites < 0) {
            return invalidCount("favorite_count", root.get("favorite_count"));
        }
        long retweets = count(root.get("retweet_count"));
        if (retweets < 0) {
            return invalidCount("retweet_count", root.get("retweet_count"));
        }

        for (String field : new String[] {"lang", "text", "source"}) {
            JsonNode value = root.get(field);
            if (present(value) && !value.isTextual()) {
                return invalid(InvalidReason.INVALID_FIELD, field + " must be a string, got " + describe(value));
            }
        }

        return new ValidationResult.Valid(new TweetEvent(
                id,
                createdAt,
                present(userId) ? userId.asText() : null,
                followers,
                LocationNormalizer.normalize(present(location) ? location.textValue() : null),
                favorites,
                retweets,
                text(root.get("lang")),
                text(root.get("text")),
                text(root.get("source"))));
    }

    /** Returns the id without leading zeros, or null when it breaks the rule. */
    // Visible for testing
    static String canonicalId(JsonNode node) {
        String digits;
        if (node == null) {
            return null;
        } else if (node.isTextual()) {
            digits = node.textValue();
            if (!isIdDigits(digits)) {
                return null;
            }
        } else if (node.isIntegralNumber() && node.canConvertToLong()) {
            long value = node.longValue();
            return value < 0 ? null : Long.toString(value);
        } else if (node.isIntegralNumber()) {
            BigInteger value = node.bigIntegerValue();
            if (value.signum() < 0 || value.compareTo(MAX_ID) > 0) {
                return null;
            }
            return value.toString();
        } else {
            return null;
        }
        // 42 and "0042" name the same event: one canonical spelling keeps deduplication exact.
        int first = 0;
        while (first < digits.length() - 1 && digits.charAt(first) == '0') {
            first++;
        }
        return digits.substring(first);
    }

    /** 1 to 19 ASCII digits (not {@link Character#isDigit}, which also takes other scripts' digits). */
    private static boolean isIdDigits(String value) {
        if (value.isEmpty() || value.length() > MAX_ID_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            OffsetDateTime parsed = OffsetTimestamps.parse(node.textValue());
            Instant instant = parsed.toInstant();
            if (instant.isBefore(EARLIEST_STORABLE) || !instant.isBefore(END_OF_STORABLE)) {
                return null;
            }
            // Warehouses and Spark keep microseconds; truncating here keeps the archive and the tables identical.
            return instant.truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Returns the count, 0 when absent or null, or -1 when negative, fractional, out of range or not a number. */
    private static long count(JsonNode node) {
        if (!present(node)) {
            return 0;
        }
        if (!node.isNumber()) {
            return -1;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            long value = node.longValue();
            return value < 0 ? -1 : value;
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0 || value.compareTo(MAX_COUNT) > 0) {
            return -1;
        }
        try {
            return value.toBigIntegerExact().longValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static ValidationResult invalidCount(String field, JsonNode value) {
        return invalid(InvalidReason.INVALID_COUNT,
                field + " must be an integer from 0 to " + Long.MAX_VALUE + ", got " + describe(value));
    }

    private static ValidationResult invalid(InvalidReason reason, String detail) {
        return new ValidationResult.Invalid(reason, detail);
    }

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static String text(JsonNode node) {
        return present(node) ? node.textValue() : null;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing (missing)";
        }
        return shorten(node.toString());
    }

    private static String kind(JsonNode node) {
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String shorten(String value) {
        if (value.length() <= MAX_DETAIL_VALUE_LENGTH) {
            return value;
        }
        int end = value.offsetByCodePoints(0, Math.min(MAX_DETAIL_VALUE_LENGTH, value.codePointCount(0, value.length())));
        return value.substring(0, end) + "... (" + value.length() + " chars)";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable JSON";
        }
        int newline = message.indexOf('\n');
        return shorten(newline < 0 ? message : message.substring(0, newline));
    }
}
