package io.lambdaarch.common.event;

import static io.lambdaarch.common.event.RawRecord.quoted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventValidatorTest {
    /** In a table: leave the field out of the record. */
    private static final String MISSING = null;
    // Raw JSON values Jackson prints back exactly as written: integers, literals, {} and plain ASCII strings.
    private static final String PRINTED_AS_WRITTEN = "-?[1-9][0-9]*|0|true|false|null|\\{}|\"[ -~&&[^\"\\\\]]*\"";
    private static final List<String> COUNT_FIELDS = List.of("user.followers_count", "favorite_count", "retweet_count");

    private final EventValidator validator = new EventValidator();

    @Test
    void shouldAcceptTheDesignExample() {
        assertThat(validator.validate(RawRecord.complete().bytes()))
                .isEqualTo(new ValidationResult.Valid(RawRecord.COMPLETE_EVENT));
    }

    @Test
    void shouldAcceptMinimalRecordWithDefaults() {
        byte[] json = "{\"id\":7,\"created_at\":\"2026-11-26T09:15:30Z\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(validator.validate(json)).isEqualTo(new ValidationResult.Valid(new TweetEvent(
                "7", Instant.parse("2026-11-26T09:15:30Z"), null, 0, "unknown", 0, 0, null, null, null)));
    }

    // --- id ---

    static Stream<Arguments> validIds() {
        return Stream.of(
                arguments("\"1862233445566778899\"", "1862233445566778899"),
                arguments("1862233445566778899", "1862233445566778899"),
                arguments("\"9223372036854775807\"", "9223372036854775807"),
                arguments("9223372036854775808", "9223372036854775808"),
                arguments("\"9999999999999999999\"", "9999999999999999999"),
                arguments("9999999999999999999", "9999999999999999999"),
                arguments("\"0042\"", "42"),
                arguments("42", "42"),
                arguments("\"0000000000000000042\"", "42"),
                arguments("\"0\"", "0"),
                arguments("0", "0"),
                arguments("\"0000000000000000000\"", "0"));
    }

    @ParameterizedTest(name = "id {0} -> {1}")
    @MethodSource("validIds")
    void shouldCanonicalizeIdsOfOneToNineteenDigits(String rawId, String expected) {
        assertThat(validEvent(RawRecord.complete().with("id", rawId)).id()).isEqualTo(expected);
    }

    static Stream<String> invalidIds() {
        return Stream.of(
                "\"12345678901234567890\"",
                "12345678901234567890",
                "\"00000000000000000042\"",
                "-42",
                "\"-42\"",
                "\"+42\"",
                "42.5",
                "42.0",
                "4.2e1",
                "\"42.0\"",
                "\"\"",
                "\" 42\"",
                "\"42 \"",
                "\"4 2\"",
                "\"0x2A\"",
                "\"\u0664\u0662\"",
                "\"\uFF14\uFF12\"",
                "true",
                "{}",
                "[42]",
                "null",
                MISSING);
    }

    @ParameterizedTest(name = "id {0}")
    @MethodSource("invalidIds")
    void shouldRejectIdsThatAreNotOneToNineteenDigits(String rawId) {
        assertInvalid(RawRecord.complete().with("id", rawId), InvalidReason.INVALID_ID, "id", rawId);
    }

    @Test
    void shouldRejectTwentyDigitIds() {
        assertInvalid(RawRecord.complete().with("id", "\"12345678901234567890\""),
                InvalidReason.INVALID_ID, "id", "\"12345678901234567890\"");
    }

    // --- created_at ---

    static Stream<Arguments> validCreatedAt() {
        return Stream.of(
                arguments("2026-11-26T09:15:30Z", "2026-11-26T09:15:30Z"),
                arguments("2026-11-26T09:15:30+00:00", "2026-11-26T09:15:30Z"),
                arguments("2026-11-26T09:15:30+01:00", "2026-11-26T08:15:30Z"),
                arguments("2026-11-26T09:15:30-05:30", "2026-11-26T14:45:30Z"),
                arguments("2026-12-31T23:30:00-05:30", "2027-01-01T05:00:00Z"),
                arguments("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"),
                arguments("2026-11-26t09:15:30z", "2026-11-26T09:15:30Z"),
                arguments("2026-11-26T09:15:30.1Z", "2026-11-26T09:15:30.100Z"),
                arguments("2026-11-26T09:15:30.123456Z", "2026-11-26T09:15:30.123456Z"),
                arguments("2026-11-26T09:15:30.123456789Z", "2026-11-26T09:15:30.123456Z"),
                arguments("2026-11-26T09:15:30.9999999Z", "2026-11-26T09:15:30.999999Z"),
                arguments("2026-11-26T09:15:30.1234567+02:00", "2026-11-26T07:15:30.123456Z"),
                arguments("1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.500Z"),
                arguments("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
                arguments("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
                arguments("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z"),
                arguments("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999Z"),
                arguments("9999-12-31T22:00:00-01:00", "9999-12-31T23:00:00Z"));
    }

    @ParameterizedTest(name = "created_at {0} -> {1}")
    @MethodSource("validCreatedAt")
    void shouldNormalizeCreatedAtToUtcTruncatedToMicroseconds(String raw, String expected) {
        assertThat(validEvent(RawRecord.complete().with("created_at", quoted(raw))).createdAt())
                .isEqualTo(Instant.parse(expected));
    }

    static Stream<String> invalidCreatedAt() {
        return Stream.of(
                quoted("2026-11-26T09:15:30"),
                quoted("2026-11-26T09:15:30.123"),
                quoted("2026-11-26"),
                quoted("2026-11-26 09:15:30Z"),
                quoted("26/11/2026 09:15:30 +0000"),
                quoted("Thu Nov 26 09:15:30 +0000 2026"),
                quoted("garbage"),
                quoted(""),
                quoted("2026-02-30T00:00:00Z"),
                quoted("2026-11-26T24:00:00Z"),
                quoted("2026-11-26T23:59:60Z"),
                quoted("2026-11-26T09:15:30+19:00"),
                quoted("2026-11-26T09:15:30+01:00[Europe/Berlin]"),
                quoted("2026-11-26T09:15:30Z "),
                quoted("0000-12-31T23:59:59Z"),
                quoted("-0001-01-01T00:00:00Z"),
                quoted("+10000-01-01T00:00:00Z"),
                quoted("0001-01-01T00:30:00+01:00"),
                quoted("9999-12-31T23:30:00-01:00"),
                "1795684530",
                "1795684530000",
                "true",
                "{}",
                "[\"2026-11-26T09:15:30Z\"]",
                "null",
                MISSING);
    }

    @ParameterizedTest(name = "created_at {0}")
    @MethodSource("invalidCreatedAt")
    void shouldRejectCreatedAtThatIsNotAnInstantWithOffsetInYearsOneToNineThousandNineHundredNinetyNine(String raw) {
        assertInvalid(RawRecord.complete().with("created_at", raw),
                InvalidReason.INVALID_CREATED_AT, "created_at", raw);
    }

    // --- counts ---

    static Stream<Arguments> validCounts() {
        List<Arguments> values = List.of(
                arguments(MISSING, 0L),
                arguments("null", 0L),
                arguments("0", 0L),
                arguments("-0", 0L),
                arguments("7", 7L),
                arguments("1.0", 1L),
                arguments("1e3", 1000L),
                arguments("1E+3", 1000L),
                arguments("2.50e1", 25L),
                arguments("9223372036854775807", Long.MAX_VALUE),
                arguments("9.223372036854775807E18", Long.MAX_VALUE));
        return COUNT_FIELDS.stream().flatMap(field -> values.stream()
                .map(value -> arguments(field, value.get()[0], value.get()[1])));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("validCounts")
    void shouldReadCountsThatAreNonNegativeIntegralValues(String field, String raw, long expected) {
        TweetEvent event = validEvent(RawRecord.complete().with(field, raw));

        assertThat(countOf(event, field)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidCounts() {
        List<String> values = List.of(
                "-1",
                "-9223372036854775808",
                "-0.5",
                "1.5",
                "0.1",
                "1e-3",
                "9223372036854775808",
                "9223372036854775807.5",
                "1e19",
                "1e-999999999",
                "2.5e-99999999",
                "123456789012345678901234567890",
                "\"12\"",
                "\"\"",
                "true",
                "false",
                "{}",
                "[1]");
        return COUNT_FIELDS.stream().flatMap(field -> values.stream().map(value -> arguments(field, value)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("invalidCounts")
    void shouldRejectCountsThatAreNegativeFractionalTooLargeOrNotNumbers(String field, String raw) {
        assertInvalid(RawRecord.complete().with(field, raw), InvalidReason.INVALID_COUNT, field, raw);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"favorite_count, 1e9999999999", "user.followers_count, 922337e036854775806", "v, 1E-5654470536",
            "id, 1e99999999999"})
    void shouldCallNumbersBeyondWhatCanBeReadMalformedOnEveryPath(String field, String raw) {
        byte[] json = RawRecord.complete().with(field, raw).bytes();

        ValidationResult result = validator.validate(json);
        ValidationResult tree = validator.parse(json, validator::validate);

        assertThat(result).isInstanceOfSatisfying(ValidationResult.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
            assertThat(invalid.detail()).startsWith("a number that cannot be read: ");
        });
        assertThat(tree).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(InvalidReason.MALFORMED_JSON));
    }

    // --- user ---

    @ParameterizedTest(name = "user {0}")
    @ValueSource(strings = {"null", "{}"})
    void shouldTreatEmptyOrNullUserAsAnonymousWithDefaults(String rawUser) {
        TweetEvent event = validEvent(RawRecord.complete().with("user", rawUser));

        assertThat(event.userId()).isNull();
        assertThat(event.followersCount()).isZero();
        assertThat(event.location()).isEqualTo(LocationNormalizer.UNKNOWN);
    }

    @Test
    void shouldTreatMissingUserAsAnonymousWithDefaults() {
        TweetEvent event = validEvent(RawRecord.complete().without("user"));

        assertThat(event).isEqualTo(new TweetEvent(RawRecord.ID, Instant.parse(RawRecord.CREATED_AT), null, 0,
                "unknown", 3, 1, "de", "hello", "synthetic"));
    }

    @ParameterizedTest(name = "user {0}")
    @CsvSource(delimiter = '|', value = {
        "\"berlin\"        | string",
        "42                | number",
        "[]                | array",
        "[{\"id\":\"42\"}] | array",
        "true              | boolean"})
    void shouldRejectUserThatIsNotAnObject(String rawUser, String kind) {
        ValidationResult result = validator.validate(RawRecord.complete().with("user", rawUser).bytes());

        assertThat(result).isEqualTo(
                new ValidationResult.Invalid(InvalidReason.INVALID_USER, "user must be an object, got " + kind));
    }

    static Stream<Arguments> validUserIds() {
        return Stream.of(
                arguments("\"42\"", "42"),
                arguments("42", "42"),
                arguments("\"0042\"", "0042"),
                arguments("\"jack\"", "jack"),
                arguments("123456789012345678901234567890", "123456789012345678901234567890"),
                arguments("null", null),
                arguments(MISSING, null));
    }

    @ParameterizedTest(name = "user.id {0} -> {1}")
    @MethodSource("validUserIds")
    void shouldKeepUserIdAsSentWhenStringOrInteger(String raw, String expected) {
        assertThat(validEvent(RawRecord.complete().with("user.id", raw)).userId()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "user.id {0}")
    @ValueSource(strings = {"{}", "{\"id\":42}", "[42]", "4.2", "42.0", "true"})
    void shouldRejectUserIdThatIsNeitherStringNorInteger(String raw) {
        assertInvalid(RawRecord.complete().with("user.id", raw), InvalidReason.INVALID_USER, "user.id", raw);
    }

    // --- user.location (the rules themselves are in LocationNormalizerTest; here they meet JSON) ---

    static Stream<Arguments> locations() {
        String a255 = "a".repeat(255);
        return Stream.of(
                arguments("\"Berlin,\\nGermany\"", "Berlin, Germany"),
                arguments("\"\\tBerlin\\t\\tGermany\\t\"", "Berlin Germany"),
                arguments("\" Moscow\\r\\n\\r\\nRussia \"", "Moscow Russia"),
                arguments("\"\\\"Big\\\" Apple\"", "\"Big\" Apple"),
                arguments("\"K\u00f6ln; NRW, Deutschland\"", "K\u00f6ln; NRW, Deutschland"),
                arguments("\"C:\\\\Users\\\\Berlin\"", "C:\\Users\\Berlin"),
                arguments("\"\u6771\u4eac\u90fd\u3000\u6e0b\u8c37\u533a\"", "\u6771\u4eac\u90fd \u6e0b\u8c37\u533a"),
                arguments("\"\u0627\u0644\u0642\u0627\u0647\u0631\u0629\u060c  \u0645\u0635\u0631\"",
                        "\u0627\u0644\u0642\u0627\u0647\u0631\u0629\u060c \u0645\u0635\u0631"),
                arguments("\"\u041c\u043e\u0441\u043a\u0432\u0430, \u0420\u043e\u0441\u0441\u0438\u044f\"",
                        "\u041c\u043e\u0441\u043a\u0432\u0430, \u0420\u043e\u0441\u0441\u0438\u044f"),
                arguments("\"\ud83c\udde9\ud83c\uddea Berlin \ud83d\udc3b\"",
                        "\ud83c\udde9\ud83c\uddea Berlin \ud83d\udc3b"),
                arguments("\"\\ud83c\\udde9\\ud83c\\uddea Berlin\"", "\ud83c\udde9\ud83c\uddea Berlin"),
                arguments("\"New\\u00a0York\"", "New York"),
                arguments("\"\\u2003Paris\\u202f\\u3000France\\u2029\"", "Paris France"),
                arguments("\"Ber\\u0000lin\"", "Ber lin"),
                arguments("\"\\u0007\\u001bBerlin\\u007f\\u0085\"", "Berlin"),
                arguments("\"\\ud800Berlin\"", "\ufffdBerlin"),
                arguments("\"Berlin\\udc00\"", "Berlin\ufffd"),
                arguments("\"" + "\ud83d\ude00".repeat(300) + "\"", "\ud83d\ude00".repeat(256)),
                arguments("\"" + a255 + "\\ud83d\\ude00\\ud83d\\ude00\"", a255 + "\ud83d\ude00"),
                arguments("\"" + "a".repeat(256) + "\ud83d\ude00\"", "a".repeat(256)),
                arguments("\"" + a255 + " b\"", a255),
                arguments("\"\"", "unknown"),
                arguments("\"   \"", "unknown"),
                arguments("\"\\n\\t\\u00a0\\u0000\"", "unknown"),
                arguments("null", "unknown"),
                arguments(MISSING, "unknown"));
    }

    @ParameterizedTest(name = "[{index}] location {0}")
    @MethodSource("locations")
    void shouldNormalizeLocation(String raw, String expected) {
        assertThat(validEvent(RawRecord.complete().with("user.location", raw)).location()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "location {0}")
    @ValueSource(strings = {"42", "true", "{}", "[\"Berlin\"]"})
    void shouldRejectLocationThatIsNotString(String raw) {
        assertInvalid(RawRecord.complete().with("user.location", raw),
                InvalidReason.INVALID_LOCATION, "user.location", raw);
    }

    // --- v ---

    @ParameterizedTest(name = "v {0}")
    @ValueSource(strings = {"1", "null"})
    void shouldAcceptVersionOne(String raw) {
        assertThat(validator.validate(RawRecord.complete().with("v", raw).bytes()).isValid()).isTrue();
    }

    @Test
    void shouldAcceptMissingVersion() {
        assertThat(validator.validate(RawRecord.complete().without("v").bytes()))
                .isEqualTo(new ValidationResult.Valid(RawRecord.COMPLETE_EVENT));
    }

    @ParameterizedTest(name = "v {0}")
    @ValueSource(strings = {"2", "0", "-1", "1.5", "\"1\"", "true", "18446744073709551617"})
    void shouldRejectUnsupportedVersions(String raw) {
        assertInvalid(RawRecord.complete().with("v", raw), InvalidReason.UNSUPPORTED_VERSION, "v", raw);
    }

    // --- lang, text, source ---

    static Stream<Arguments> optionalTextFields() {
        return Stream.of("lang", "text", "source").flatMap(field -> Stream.of(
                arguments(field, "\"\"", ""),
                arguments(field, "\"  Tab\\tand\\nnewline \"", "  Tab\tand\nnewline "),
                arguments(field, "\"na\u00efve \ud83c\udf89\"", "na\u00efve \ud83c\udf89"),
                arguments(field, "null", null),
                arguments(field, MISSING, null)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optionalTextFields")
    void shouldKeepOptionalTextFieldsAsSent(String field, String raw, String expected) {
        TweetEvent event = validEvent(RawRecord.complete().with(field, raw));

        String actual = switch (field) {
            case "lang" -> event.lang();
            case "text" -> event.text();
            case "source" -> event.source();
            default -> throw new IllegalArgumentException(field);
        };
        assertThat(actual).isEqualTo(expected);
    }

    static Stream<Arguments> nonStringOptionalFields() {
        return Stream.of("lang", "text", "source").flatMap(field -> Stream.of("42", "true", "{}", "[\"de\"]")
                .map(raw -> arguments(field, raw)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nonStringOptionalFields")
    void shouldRejectOptionalTextFieldsThatAreNotStrings(String field, String raw) {
        assertInvalid(RawRecord.complete().with(field, raw), InvalidReason.INVALID_FIELD, field, raw);
    }

    // --- the record as a whole ---

    @Test
    void shouldIgnoreUnknownFields() {
        RawRecord record = RawRecord.complete()
                .with("entities", "{\"hashtags\":[{\"text\":\"x\"}],\"id\":\"not-a-number\"}")
                .with("retweeted_status", "null")
                .with("possibly_sensitive", "false")
                .with("user.screen_name", "\"jack\"")
                .with("user.created_at", "\"not a date\"");

        assertThat(validator.validate(record.bytes())).isEqualTo(new ValidationResult.Valid(RawRecord.COMPLETE_EVENT));
    }

    @ParameterizedTest(name = "[{index}] whitespace {0}")
    @ValueSource(strings = {"\n", "\r\n", " \t "})
    void shouldAcceptWhitespaceAroundTheObject(String whitespace) {
        byte[] json = (whitespace + RawRecord.complete().json() + whitespace).getBytes(StandardCharsets.UTF_8);

        assertThat(validator.validate(json)).isEqualTo(new ValidationResult.Valid(RawRecord.COMPLETE_EVENT));
    }

    static Stream<Arguments> nonObjects() {
        return Stream.of(
                arguments("[]", "array"),
                arguments("[" + RawRecord.complete().json() + "]", "array"),
                arguments("\"" + RawRecord.ID + "\"", "string"),
                arguments("42", "number"),
                arguments("4.2", "number"),
                arguments("null", "null"),
                arguments("true", "boolean"),
                arguments("false", "boolean"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonObjects")
    void shouldRejectJsonValuesThatAreNotObjects(String json, String kind) {
        ValidationResult result = validator.validate(json.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isEqualTo(new ValidationResult.Invalid(
                InvalidReason.NOT_AN_OBJECT, "expected a JSON object, got " + kind));
    }

    static Stream<Arguments> malformedJson() {
        String complete = RawRecord.complete().json();
        return Stream.of(
                arguments("empty", "", "empty record"),
                arguments("only whitespace", " \n\t", "empty record"),
                arguments("lone brace", "{", "end-of-input"),
                arguments("truncated before the closing brace",
                        complete.substring(0, complete.length() - 1), "end-of-input"),
                arguments("truncated inside a string", complete.substring(0, 15), "end-of-input"),
                arguments("trailing garbage", complete + "x", "Unrecognized token 'x'"),
                arguments("trailing comma", complete + ",", "Unexpected character (','"),
                arguments("second object", complete + "{}", "Trailing token"),
                arguments("two records in one value", complete + "\n" + complete, "Trailing token"),
                arguments("duplicate top-level key",
                        "{\"id\":\"1\",\"id\":\"2\",\"created_at\":\"2026-11-26T09:15:30Z\"}", "Duplicate field 'id'"),
                arguments("duplicate user key", RawRecord.complete().with("user",
                        "{\"location\":\"Berlin\",\"location\":\"Paris\"}").json(), "Duplicate field 'location'"),
                arguments("single quotes", "{'id':'1','created_at':'2026-11-26T09:15:30Z'}", "Unexpected character"),
                arguments("unquoted key", "{id:\"1\"}", "Unexpected character"),
                arguments("comment", "{/* c */\"id\":\"1\"}", "Unexpected character ('/'"),
                arguments("trailing comma inside", "{\"id\":\"1\",}", "Unexpected character ('}'"),
                arguments("NaN count", RawRecord.complete().with("favorite_count", "NaN").json(), "NaN"),
                arguments("number with leading zeros",
                        RawRecord.complete().with("id", "0042").json(), "Leading zeroes"),
                arguments("raw newline in a string", RawRecord.complete().with("text", "\"a\nb\"").json(),
                        "Illegal unquoted character"),
                arguments("nesting 5000 deep", "[".repeat(5000) + "]".repeat(5000), "nesting depth"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedJson")
    void shouldRejectMalformedJson(String description, String json, String detailFragment) {
        ValidationResult result = validator.validate(json.getBytes(StandardCharsets.UTF_8));

        assertThat(result).isInstanceOfSatisfying(ValidationResult.Invalid.class, invalid -> {
            assertThat(invalid.reason()).isEqualTo(InvalidReason.MALFORMED_JSON);
            assertThat(invalid.detail()).contains(detailFragment);
        });
    }

    static Stream<Arguments> illFormedUtf8() {
        return Stream.of(
                arguments("lone continuation byte", bytes(0x80)),
                arguments("byte FF", bytes(0xFF)),
                arguments("two-byte lead at the end", bytes(0xC3)),
                arguments("two-byte lead with a bad continuation", bytes(0xC3, 0x28)),
                arguments("overlong slash", bytes(0xC0, 0xAF)),
                arguments("overlong NUL", bytes(0xC0, 0x80)),
                arguments("overlong three-byte slash", bytes(0xE0, 0x80, 0xAF)),
                arguments("encoded surrogate", bytes(0xED, 0xA0, 0x80)),
                arguments("above U+10FFFF", bytes(0xF4, 0x90, 0x80, 0x80)),
                arguments("lead byte F5", bytes(0xF5, 0x80, 0x80, 0x80)),
                arguments("truncated four-byte sequence", bytes(0xF0, 0x9F, 0x98)),
                arguments("Latin-1 u umlaut", bytes(0xFC)));
    }

    @ParameterizedTest(name = "{0} in user.location")
    @MethodSource("illFormedUtf8")
    void shouldRejectIllFormedUtf8InValues(String description, byte[] sequence) {
        assertInvalidUtf8(concat(
                bytesOf("{\"id\":\"1\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"location\":\"M"),
                sequence,
                bytesOf("nchen\"}}")));
    }

    @ParameterizedTest(name = "{0} in an unknown field")
    @MethodSource("illFormedUtf8")
    void shouldRejectIllFormedUtf8EvenInIgnoredFields(String description, byte[] sequence) {
        assertInvalidUtf8(concat(bytesOf("{\"id\":\"1\",\"created_at\":\"2026-11-26T09:15:30Z\",\"junk\":\""),
                sequence, bytesOf("\"}")));
    }

    @ParameterizedTest(name = "{0} in a key")
    @MethodSource("illFormedUtf8")
    void shouldRejectIllFormedUtf8InKeys(String description, byte[] sequence) {
        assertInvalidUtf8(concat(bytesOf("{\"id\":\"1\",\"created_at\":\"2026-11-26T09:15:30Z\",\""),
                sequence, bytesOf("\":1}")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32"})
    void shouldRejectRecordsInOtherEncodings(String charset) {
        byte[] json = RawRecord.complete().json().getBytes(Charset.forName(charset));

        assertThat(validator.validate(json)).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(InvalidReason.MALFORMED_JSON));
    }

    @Test
    void shouldRejectByteOrderMark() {
        byte[] json = concat(bytes(0xEF, 0xBB, 0xBF), RawRecord.complete().bytes());

        assertThat(validator.validate(json)).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(InvalidReason.MALFORMED_JSON));
    }

    @Test
    void shouldRejectMissingInput() {
        ValidationResult.Invalid empty = new ValidationResult.Invalid(InvalidReason.MALFORMED_JSON, "empty record");

        assertThat(validator.validate((byte[]) null)).isEqualTo(empty);
        assertThat(validator.validate(new byte[0])).isEqualTo(empty);
        assertThat(validator.validate((JsonNode) null)).isEqualTo(empty);
        assertThat(validator.validate(MissingNode.getInstance())).isEqualTo(empty);
    }

    /** The streaming path (bytes) and the tree path (a parsed node) share the rules: same outcome, same detail. */
    @Test
    void shouldGiveTheSameOutcomeStreamedAsFromATree() {
        String[] fields = {"v", "id", "created_at", "user", "favorite_count", "retweet_count", "lang", "text", "source",
            "unknown"};
        String[] values = {"null", "1", "-1", "0042.0", "1.50", "1e3", "18446744073709551617", "-18446744073709551617",
            "\"42\"", "\"x\"", "\"2026-11-26T09:15:30+01:00\"", "\" Berlin \"", "true", "[]", "[1,{\"a\":2}]", "{}",
            "{\"id\":7,\"location\":\"  Paris\\n\",\"followers_count\":3.0}", "{\"id\":1.5}", "{\"location\":[1]}",
            "{\"followers_count\":-1}", "{\"id\":\"\\u00e9\",\"other\":{\"deep\":[1,2]}}"};
        for (String field : fields) {
            for (String value : values) {
                byte[] record = RawRecord.complete().with(field, value).bytes();
                assertThat(validator.validate(record)).as("%s = %s", field, value)
                        .isEqualTo(validator.parse(record, validator::validate));
            }
        }
    }

    @Test
    void shouldValidateParsedJsonByTheSameRules() {
        ObjectNode root = JsonNodeFactory.instance.objectNode()
                .put("id", "0042")
                .put("created_at", "2026-11-26T10:15:30+01:00")
                .put("favorite_count", 1.0);
        root.putObject("user").put("location", "  Berlin  ");

        assertThat(validator.validate(root)).isEqualTo(new ValidationResult.Valid(new TweetEvent(
                "42", Instant.parse("2026-11-26T09:15:30Z"), null, 0, "Berlin", 1, 0, null, null, null)));
        assertThat(validator.validate(root.put("retweet_count", -1))).isEqualTo(new ValidationResult.Invalid(
                InvalidReason.INVALID_COUNT, "retweet_count must be an integer from 0 to 9223372036854775807, got -1"));
    }

    @Test
    void shouldReportTheFirstBrokenRuleInDocumentedOrder() {
        RawRecord record = RawRecord.complete()
                .with("favorite_count", "-1")
                .with("user", "[]")
                .with("created_at", "\"yesterday\"")
                .with("id", "\"x\"");

        assertThat(((ValidationResult.Invalid) validator.validate(record.bytes())).reason())
                .isEqualTo(InvalidReason.INVALID_ID);
        assertThat(((ValidationResult.Invalid) validator.validate(record.with("id", "1").bytes())).reason())
                .isEqualTo(InvalidReason.INVALID_CREATED_AT);
        assertThat(((ValidationResult.Invalid) validator.validate(record.with("created_at", "\"2026-11-26T09:15:30Z\"")
                .bytes())).reason()).isEqualTo(InvalidReason.INVALID_USER);
        assertThat(((ValidationResult.Invalid) validator.validate(record.with("user", "{}").bytes())).reason())
                .isEqualTo(InvalidReason.INVALID_COUNT);
    }

    @Test
    void shouldShortenLongOffendingValuesInTheDetail() {
        String longId = "9".repeat(10_000);

        ValidationResult result = validator.validate(RawRecord.complete().with("id", quoted(longId)).bytes());

        assertThat(result).isInstanceOfSatisfying(ValidationResult.Invalid.class, invalid -> {
            assertThat(invalid.detail()).startsWith("id must be 1-19 decimal digits (string or number), got \"999");
            assertThat(invalid.detail()).endsWith("... (10002 chars)");
            assertThat(invalid.detail()).hasSizeLessThan(200);
        });
    }

    @Test
    void shouldDescribeInvalidRecordAsCodeAndDetail() {
        ValidationResult result = validator.validate(RawRecord.complete().with("v", "2").bytes());

        assertThat(((ValidationResult.Invalid) result).describe()).isEqualTo("unsupported_version: v must be 1, got 2");
    }

    private TweetEvent validEvent(RawRecord record) {
        ValidationResult result = validator.validate(record.bytes());
        assertThat(result).as("result of %s", record.json()).isInstanceOf(ValidationResult.Valid.class);
        return ((ValidationResult.Valid) result).event();
    }

    /**
     * Asserts the reason, and that the detail names the field first and ends with what it found: "nothing (missing)"
     * when rawValue is null, else the value itself where Jackson prints it back exactly as written.
     */
    private void assertInvalid(RawRecord record, InvalidReason reason, String field, String rawValue) {
        ValidationResult result = validator.validate(record.bytes());

        assertThat(result).as("result of %s", record.json()).isInstanceOfSatisfying(ValidationResult.Invalid.class,
                invalid -> {
                    assertThat(invalid.reason()).isEqualTo(reason);
                    assertThat(invalid.detail()).startsWith(field + " must be ");
                    if (rawValue == null) {
                        assertThat(invalid.detail()).endsWith(", got nothing (missing)");
                    } else if (rawValue.matches(PRINTED_AS_WRITTEN)) {
                        assertThat(invalid.detail()).endsWith(", got " + rawValue);
                    }
                });
    }

    private void assertInvalidUtf8(byte[] json) {
        assertThat(validator.validate(json)).isEqualTo(
                new ValidationResult.Invalid(InvalidReason.MALFORMED_JSON, "not well-formed UTF-8"));
    }

    private static long countOf(TweetEvent event, String field) {
        return switch (field) {
            case "user.followers_count" -> event.followersCount();
            case "favorite_count" -> event.favoriteCount();
            case "retweet_count" -> event.retweetCount();
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] bytesOf(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
