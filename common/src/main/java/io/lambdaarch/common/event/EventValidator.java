package io.lambdaarch.common.event;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Function;

/**
 * The one implementation of docs/design.md#validation-and-normalization: parses a raw record, checks every rule and returns the normalized
 * event or the reason it is invalid. Every layer (ingestion, batch, speed) calls this, so they cannot disagree.
 *
 * <p>Records given as bytes are read in one pass with Jackson's streaming parser: the fields the rules look at are kept
 * as they go by, every other value is skipped without being built, and the rules then run on what was kept
 * ({@link EventFields}). The whole record is still read to its end, so malformed JSON anywhere (a duplicate key, a
 * trailing token) wins over a broken rule, as the contract's order of checks wants. A record that already is in
 * canonical form, most of them, is read by a byte scanner instead ({@link CanonicalEvents}), which returns the same
 * event or hands the record to the parser.
 *
 * <p>Thread-safe and stateless apart from its immutable JSON mapper.
 */
public final class EventValidator {
    private static final int MAX_ID_DIGITS = 19;
    private static final BigInteger MAX_ID = new BigInteger("9999999999999999999");
    private static final BigDecimal MAX_COUNT = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final int MAX_DETAIL_VALUE_LENGTH = 64;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The first instant every layer can store: SQL timestamps and Spark's TimestampType share years 1-9999 (UTC). */
    public static final Instant EARLIEST_STORABLE = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();
    /** The first instant past that range (year 10000, UTC). */
    public static final Instant END_OF_STORABLE = OffsetDateTime.of(10_000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

    private final ObjectMapper mapper;
    /** Reads one value inside a record being streamed; the record's own end is checked by the stream. */
    private final ObjectReader valueReader;

    public EventValidator() {
        this.mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        this.valueReader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * Validates one record given as UTF-8 JSON bytes (a Kafka value or a JSON Lines line). Other encodings, ill-formed
     * UTF-8 and a byte order mark are malformed.
     */
    public ValidationResult validate(byte[] json) {
        return validateKeepingForm(json).result();
    }

    /**
     * The outcome of {@link EventValidator#validateKeepingForm(byte[])}.
     *
     * @param result what {@link EventValidator#validate(byte[])} returns for the record
     * @param canonical true when the record is valid and its bytes already are, byte for byte, what {@link EventJson}
     *     writes for the event, so a forwarder can send them as they are instead of writing them again
     */
    public record Checked(ValidationResult result, boolean canonical) {
    }

    /**
     * Validates a record given as UTF-8 JSON bytes exactly as {@link #validate(byte[])} does, and says whether the bytes
     * already are the event's canonical form. Such a record (what the synthetic source writes, an archive or a topic
     * replayed) is read by a plain byte scanner; anything else, valid or not, by Jackson's streaming parser.
     */
    public Checked validateKeepingForm(byte[] json) {
        ValidationResult.Invalid unreadable = checkBytes(json);
        if (unreadable != null) {
            return new Checked(unreadable, false);
        }
        CanonicalEvents.Scanned scanned = CanonicalEvents.read(json);
        if (scanned != null) {
            return new Checked(new ValidationResult.Valid(scanned.event()), scanned.canonical());
        }
        return new Checked(validateStreaming(json), false);
    }

    /** What a forwarder sends for one record: the valid event's id and canonical bytes, or why the record is invalid. */
    public sealed interface Forward {
        /**
         * A valid record.
         *
         * @param id the event's canonical id
         * @param canonical the event's canonical form, byte for byte what {@link EventJson} writes for it
         */
        record Send(String id, byte[] canonical) implements Forward {
            public Send {
                requireNonNull(id, "id is null");
                requireNonNull(canonical, "canonical is null");
            }
        }

        /** An invalid record, with the reason {@link EventValidator#validate(byte[])} gives. */
        record Reject(ValidationResult.Invalid invalid) implements Forward {
            public Reject {
                requireNonNull(invalid, "invalid is null");
            }
        }
    }

    /**
     * Validates a record given as UTF-8 JSON bytes exactly as {@link #validate(byte[])} does, and returns what a
     * forwarder (ingestion) sends: the event's id and canonical bytes. A record in canonical form or close to it (the
     * synthetic source's, an archive's) is checked by the byte scanner without decoding its strings, and its bytes
     * are sent as they came or with their few differences replaced; any other valid record is written again with
     * {@code writer}.
     */
    public Forward validateForForwarding(byte[] json, EventJson.Writer writer) {
        // The scanner checks the UTF-8 of what it takes itself, so the bytes are checked only for what it leaves.
        Forward.Send scanned = CanonicalEvents.forward(json);
        if (scanned != null) {
            return scanned;
        }
        ValidationResult.Invalid unreadable = checkBytes(json);
        if (unreadable != null) {
            return new Forward.Reject(unreadable);
        }
        // An escape, or a record only the general path reads.
        CanonicalEvents.Scanned read = CanonicalEvents.read(json);
        ValidationResult result = read != null ? new ValidationResult.Valid(read.event()) : validateStreaming(json);
        if (result instanceof ValidationResult.Valid valid) {
            TweetEvent event = valid.event();
            return new Forward.Send(event.id(), read != null && read.canonical() ? json : writer.toBytes(event));
        }
        return new Forward.Reject((ValidationResult.Invalid) result);
    }

    /** The general path of {@link #validate(byte[])}, for bytes {@link #checkBytes} accepted. */
    // Visible for testing: the differential test compares it with the canonical path.
    ValidationResult validateStreaming(byte[] json) {
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return malformed("empty record");
            }
            if (first != JsonToken.START_OBJECT) {
                String kind = kind(first);
                parser.skipChildren();
                checkEnd(parser);
                return invalid(InvalidReason.NOT_AN_OBJECT, "expected a JSON object, got " + kind);
            }
            EventFields fields = readRecord(parser);
            checkEnd(parser);
            return validate(fields);
        } catch (JsonProcessingException e) {
            return malformed(firstLine(e.getOriginalMessage()));
        } catch (NumberFormatException e) {
            return unreadableNumber(e);
        } catch (IOException e) {
            // Reading from a byte array does no I/O; kept apart so a parser bug is not reported as bad input silently.
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a record given as UTF-8 JSON bytes, as {@link #validate(byte[])} does, and hands the value to {@code then};
     * for sources whose records are another JSON format that {@code then} turns into an event and validates.
     */
    public ValidationResult parse(byte[] json, Function<JsonNode, ValidationResult> then) {
        return parse(json, then, malformed -> malformed);
    }

    /**
     * Parses a record given as UTF-8 JSON bytes, as {@link #validate(byte[])} does, and hands the value to {@code then},
     * or the reason it is malformed to {@code otherwise}; for formats whose one record holds several events.
     */
    public <T> T parse(byte[] json, Function<JsonNode, T> then, Function<ValidationResult.Invalid, T> otherwise) {
        ValidationResult.Invalid unreadable = checkBytes(json);
        if (unreadable != null) {
            return otherwise.apply(unreadable);
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return otherwise.apply(malformed(firstLine(e.getOriginalMessage())));
        } catch (NumberFormatException e) {
            return otherwise.apply(unreadableNumber(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return then.apply(root);
    }

    /** Validates an already parsed JSON value, for sources that build the event from another format. */
    public ValidationResult validate(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return malformed("empty record");
        }
        if (!root.isObject()) {
            return invalid(InvalidReason.NOT_AN_OBJECT, "expected a JSON object, got " + kind(root));
        }
        return validate(EventFields.of(root));
    }

    /**
     * The checks Jackson's byte parser does not make: it reads some ill-formed UTF-8 (overlong forms such as C0 AF for
     * '/', sequences above U+10FFFF), guesses UTF-16 or UTF-32 from zero bytes and drops a UTF-8 byte order mark. A
     * zero byte is never part of JSON text in UTF-8 (JSON forbids raw control characters, in strings too).
     */
    // Visible for testing
    static ValidationResult.Invalid checkBytes(byte[] json) {
        if (json == null || json.length == 0) {
            return malformed("empty record");
        }
        if (!Utf8.isWellFormed(json)) {
            return malformed("not well-formed UTF-8");
        }
        if (json.length >= 3 && (json[0] & 0xFF) == 0xEF && (json[1] & 0xFF) == 0xBB && (json[2] & 0xFF) == 0xBF) {
            return malformed("starts with a byte order mark, which JSON text must not");
        }
        if (Utf8.containsZero(json)) {
            return malformed("a zero byte (UTF-16 or UTF-32 text?), which JSON text in UTF-8 never has");
        }
        return null;
    }

    /** Reads the record's object (the parser is on its START_OBJECT) up to its END_OBJECT, keeping what the rules need. */
    private EventFields readRecord(JsonParser parser) throws IOException {
        EventFields fields = new EventFields();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "v" -> fields.version = value(parser, token);
                case "id" -> fields.id = value(parser, token);
                case "created_at" -> fields.createdAt = value(parser, token);
                case "user" -> {
                    if (token == JsonToken.START_OBJECT) {
                        // A second "user" key fails the parser's duplicate check before this could merge two objects.
                        fields.userIsObject = true;
                        readUser(parser, fields);
                    } else {
                        fields.userNotObject = value(parser, token);
                    }
                }
                case "favorite_count" -> fields.favorites = value(parser, token);
                case "retweet_count" -> fields.retweets = value(parser, token);
                case "lang" -> fields.lang = value(parser, token);
                case "text" -> fields.text = value(parser, token);
                case "source" -> fields.source = value(parser, token);
                default -> parser.skipChildren();
            }
        }
        return fields;
    }

    private void readUser(JsonParser parser, EventFields fields) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (name) {
                case "id" -> fields.userId = value(parser, token);
                case "location" -> fields.location = value(parser, token);
                case "followers_count" -> fields.followers = value(parser, token);
                default -> parser.skipChildren();
            }
        }
    }

    /** The value the parser is on, as the node a tree would hold for it. */
    private JsonNode value(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> NODES.numberNode(parser.getIntValue());
                case LONG -> NODES.numberNode(parser.getLongValue());
                default -> NODES.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            // A fraction (rare: every count and id is an integer) goes through the tree reader, so its node, and the
            // detail that prints it, is what the tree path makes of it (trailing zeros stripped). An object or array
            // where a scalar belongs is invalid whatever it holds, built only to describe it.
            default -> valueReader.readTree(parser);
        };
    }

    /** Fails like the tree mapper's {@code FAIL_ON_TRAILING_TOKENS} if anything follows the record's value. */
    private static void checkEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after value");
        }
    }

    private static ValidationResult validate(EventFields fields) {
        JsonNode version = fields.version;
        // bigIntegerValue, not asLong: asLong wraps 2^64 + 1 around to 1.
        if (present(version) && !(version.isIntegralNumber() && BigInteger.ONE.equals(version.bigIntegerValue()))) {
            return invalid(InvalidReason.UNSUPPORTED_VERSION, "v must be 1, got " + shorten(version.toString()));
        }

        String id = canonicalId(fields.id);
        if (id == null) {
            return invalid(InvalidReason.INVALID_ID,
                    "id must be 1-19 decimal digits (string or number), got " + describe(fields.id));
        }

        Instant createdAt = instant(fields.createdAt);
        if (createdAt == null) {
            return invalid(InvalidReason.INVALID_CREATED_AT,
                    "created_at must be an ISO-8601 instant with offset, got " + describe(fields.createdAt));
        }

        if (present(fields.userNotObject)) {
            return invalid(InvalidReason.INVALID_USER, "user must be an object, got " + kind(fields.userNotObject));
        }
        JsonNode userId = fields.userId;
        if (present(userId) && !(userId.isTextual() || userId.isIntegralNumber())) {
            return invalid(InvalidReason.INVALID_USER, "user.id must be a string or an integer, got " + describe(userId));
        }
        JsonNode location = fields.location;
        if (present(location) && !location.isTextual()) {
            return invalid(InvalidReason.INVALID_LOCATION, "user.location must be a string, got " + describe(location));
        }

        long followers = count(fields.followers);
        if (followers < 0) {
            return invalidCount("user.followers_count", fields.followers);
        }
        long favorites = count(fields.favorites);
        if (favorites < 0) {
            return invalidCount("favorite_count", fields.favorites);
        }
        long retweets = count(fields.retweets);
        if (retweets < 0) {
            return invalidCount("retweet_count", fields.retweets);
        }

        if (!isTextOrAbsent(fields.lang)) {
            return invalidText("lang", fields.lang);
        }
        if (!isTextOrAbsent(fields.text)) {
            return invalidText("text", fields.text);
        }
        if (!isTextOrAbsent(fields.source)) {
            return invalidText("source", fields.source);
        }

        return new ValidationResult.Valid(new TweetEvent(
                id,
                createdAt,
                present(userId) ? userId.asText() : null,
                followers,
                LocationNormalizer.normalize(present(location) ? location.textValue() : null),
                favorites,
                retweets,
                text(fields.lang),
                text(fields.text),
                text(fields.source)));
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
        // The fraction test strips zeros first: toBigIntegerExact on 1e-999999999 divides by 10^999999999, minutes of
        // CPU for a record of 20 bytes (found by CanonicalEventsDifferentialTest).
        if (value.signum() < 0 || value.compareTo(MAX_COUNT) > 0 || value.stripTrailingZeros().scale() > 0) {
            return -1;
        }
        return value.longValue();
    }

    private static ValidationResult invalidCount(String field, JsonNode value) {
        return invalid(InvalidReason.INVALID_COUNT,
                field + " must be an integer from 0 to " + Long.MAX_VALUE + ", got " + describe(value));
    }

    private static boolean isTextOrAbsent(JsonNode value) {
        return !present(value) || value.isTextual();
    }

    private static ValidationResult invalidText(String field, JsonNode value) {
        return invalid(InvalidReason.INVALID_FIELD, field + " must be a string, got " + describe(value));
    }

    private static ValidationResult invalid(InvalidReason reason, String detail) {
        return new ValidationResult.Invalid(reason, detail);
    }

    private static ValidationResult.Invalid malformed(String detail) {
        return new ValidationResult.Invalid(InvalidReason.MALFORMED_JSON, detail);
    }

    /**
     * A number Jackson cannot hold (an exponent beyond BigDecimal's range, such as 1e9999999999): JSON text the parser
     * cannot read, so malformed like any other; Jackson throws it unchecked, and it must not escape to a source.
     */
    private static ValidationResult.Invalid unreadableNumber(NumberFormatException e) {
        return malformed("a number that cannot be read: " + firstLine(e.getMessage()));
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

    /** What a tree would call the value that starts with {@code token}. */
    private static String kind(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
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
