package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {
    private static final Instant CREATED_AT = Instant.parse("2026-11-26T09:15:30Z");

    private final EventJson eventJson = new EventJson();
    private final EventValidator validator = new EventValidator();

    @Test
    void shouldWriteFieldsInCanonicalOrder() {
        assertThat(json(RawRecord.COMPLETE_EVENT)).isEqualTo("{\"v\":1,\"id\":\"1862233445566778899\","
                + "\"created_at\":\"2026-11-26T09:15:30Z\","
                + "\"user\":{\"id\":\"42\",\"followers_count\":1200,\"location\":\"Berlin, Germany\"},"
                + "\"favorite_count\":3,\"retweet_count\":1,"
                + "\"lang\":\"de\",\"text\":\"hello\",\"source\":\"synthetic\"}");
    }

    @Test
    void shouldOmitNullOptionalFields() {
        TweetEvent event = new TweetEvent("7", CREATED_AT, null, 0, "unknown", 0, 0, null, null, null);

        assertThat(json(event)).isEqualTo("{\"v\":1,\"id\":\"7\",\"created_at\":\"2026-11-26T09:15:30Z\","
                + "\"user\":{\"followers_count\":0,\"location\":\"unknown\"},"
                + "\"favorite_count\":0,\"retweet_count\":0}");
    }

    @Test
    void shouldWriteIdAsString() throws IOException {
        JsonNode written = new ObjectMapper().readTree(eventJson.toBytes(event("0", "unknown", null)));

        assertThat(written.get("id").isTextual()).isTrue();
        assertThat(written.get("id").textValue()).isEqualTo("0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2026-11-26T09:15:30Z, 2026-11-26T09:15:30Z",
        "2026-11-26T09:15:30.100Z, 2026-11-26T09:15:30.100Z",
        "2026-11-26T09:15:30.123456Z, 2026-11-26T09:15:30.123456Z",
        "1969-12-31T23:59:59.500Z, 1969-12-31T23:59:59.500Z",
        "0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z, 9999-12-31T23:59:59.999999Z"})
    void shouldWriteCreatedAtAsIsoUtcWithZ(Instant createdAt, String expected) throws IOException {
        TweetEvent event = new TweetEvent("1", createdAt, null, 0, "unknown", 0, 0, null, null, null);

        JsonNode written = new ObjectMapper().readTree(eventJson.toBytes(event));

        assertThat(written.get("created_at").textValue()).isEqualTo(expected);
    }

    @Test
    void shouldWriteUtf8WithEscapesOnlyWhereJsonNeedsThem() {
        TweetEvent event = event("1", "K\u00f6ln; \"Dom\", \u6771\u4eac", "line\nbreak\ttab \\ slash");

        assertThat(new String(eventJson.toBytes(event), StandardCharsets.UTF_8))
                .contains("\"location\":\"K\u00f6ln; \\\"Dom\\\", \u6771\u4eac\"")
                .contains("\"text\":\"line\\nbreak\\ttab \\\\ slash\"");
    }

    @Test
    void shouldWriteEmojiAsRawUtf8NotAsEscapedSurrogates() {
        TweetEvent event = event("1", "Berlin \ud83d\ude00", null);

        String json = new String(eventJson.toBytes(event), StandardCharsets.UTF_8);

        assertThat(json).contains("\"location\":\"Berlin \ud83d\ude00\"").doesNotContain("\\ud83d");
    }

    static Stream<Arguments> events() {
        String maxId = "9999999999999999999";
        return Stream.of(
                arguments("design example", RawRecord.COMPLETE_EVENT),
                arguments("only required fields",
                        new TweetEvent("7", CREATED_AT, null, 0, "unknown", 0, 0, null, null, null)),
                arguments("empty optional strings",
                        new TweetEvent("7", CREATED_AT, "", 0, "unknown", 0, 0, "", "", "")),
                arguments("max values", new TweetEvent(maxId, Instant.parse("9999-12-31T23:59:59.999999Z"), maxId,
                        Long.MAX_VALUE, "x", Long.MAX_VALUE, Long.MAX_VALUE, "en", "t", "s")),
                arguments("min values", new TweetEvent("0", Instant.parse("0001-01-01T00:00:00Z"), "0", 0, "x", 0, 0,
                        null, null, null)),
                arguments("microseconds before the epoch", event("1", Instant.parse("1969-12-31T23:59:59.000001Z"))),
                arguments("user id kept as sent",
                        new TweetEvent("1", CREATED_AT, "0042", 0, "x", 0, 0, null, null, null)),
                arguments("emoji and scripts", event("1",
                        "\ud83c\udde9\ud83c\uddea \u6771\u4eac \u0645\u0635\u0631 \u041c\u043e\u0441\u043a\u0432\u0430",
                        "na\u00efve \ud83c\udf89 \u202e")),
                arguments("quotes, backslashes and controls in text", event("1", "\"Big\" Apple",
                        "\"quoted\" \\ back\\slash \u0000 nul \n newline \u2028")),
                arguments("256 emoji location", event("1", "\ud83d\ude00".repeat(256), null)),
                arguments("lone surrogates in text", event("1", "x", "\ud800 and \udc00")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void shouldRoundTripThroughTheValidator(String description, TweetEvent event) {
        assertThat(validator.validate(eventJson.toBytes(event))).isEqualTo(new ValidationResult.Valid(event));
    }

    @Test
    void shouldWriteTheSameBytesThroughAReusedWriterEventAfterEvent() {
        EventJson.Writer writer = eventJson.writer();
        List<TweetEvent> all = events().map(arguments -> (TweetEvent) arguments.get()[1]).toList();
        for (int round = 0; round < 2; round++) {
            for (TweetEvent event : all) {
                assertThat(writer.toBytes(event)).isEqualTo(eventJson.toBytes(event));
            }
        }
    }

    @Test
    void shouldWriteEveryCharacterAsJacksonDoes() {
        EventJson.Writer writer = eventJson.writer();
        StringBuilder every = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c)) {
                every.append((char) c);
            }
        }
        every.appendCodePoint(0x1F600).appendCodePoint(0x10FFFF).appendCodePoint(0x10000);
        for (int from = 0; from < every.length(); from += 997) {
            String part = every.substring(from, Math.min(every.length(), from + 997));
            TweetEvent event = new TweetEvent("1", CREATED_AT, part, Long.MAX_VALUE, "x", 10, 9, part, part, part);
            assertThat(writer.toBytes(event)).as("chars from %d", from).isEqualTo(eventJson.toBytes(event));
        }
        for (String lone : List.of("\ud800", "a\udc00b", "\ud83d", "x\ud83dy")) {
            TweetEvent event = new TweetEvent("1", CREATED_AT, lone, 0, "x", 0, 0, lone, lone, lone);
            assertThat(writer.toBytes(event)).as("lone surrogate").isEqualTo(eventJson.toBytes(event));
            TweetEvent after = event("2", "Berlin", "after " + lone.length());
            assertThat(writer.toBytes(after)).as("the event after").isEqualTo(eventJson.toBytes(after));
        }
    }

    static Stream<Arguments> rawRecords() {
        return Stream.of(
                arguments("design example", RawRecord.complete()),
                arguments("numeric ids", RawRecord.complete().with("id", "42").with("user.id", "7")),
                arguments("offset and nanoseconds",
                        RawRecord.complete().with("created_at", "\"2026-11-26T10:15:30.123456789+01:00\"")),
                arguments("location cut at an emoji", RawRecord.complete().with("user.location",
                        "\"" + "a".repeat(255) + "\ud83d\ude00\ud83d\ude00\"")),
                arguments("location cut at a space",
                        RawRecord.complete().with("user.location", "\"" + "a".repeat(255) + " b\"")),
                arguments("messy location",
                        RawRecord.complete().with("user.location", "\"\\u0000 New\\u00a0\\nYork \\ud800\"")),
                arguments("integral float counts",
                        RawRecord.complete().with("favorite_count", "1e3").with("retweet_count", "2.0")),
                arguments("unknown fields", RawRecord.complete().with("extra", "{\"a\":[1,2]}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rawRecords")
    void shouldWriteWhatTheValidatorReadsBackUnchanged(String description, RawRecord record) {
        TweetEvent event = ((ValidationResult.Valid) validator.validate(record.bytes())).event();

        assertThat(validator.validate(eventJson.toBytes(event))).isEqualTo(new ValidationResult.Valid(event));
    }

    @Test
    void shouldLeaveTheStreamOpenForMoreLines() {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("EventJson closed the caller's stream");
            }
        };

        eventJson.write(event("1", "a", null), out);
        out.write('\n');
        eventJson.write(event("2", "b", null), out);

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"v\":1,\"id\":\"1\"").endsWith("}");
        assertThat(lines[1]).startsWith("{\"v\":1,\"id\":\"2\"").endsWith("}");
    }

    @Test
    void shouldLetCallersAddFieldsOfTheirOwn() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            eventJson.writeFields(RawRecord.COMPLETE_EVENT, json);
            json.writeNumberField("kafka_partition", 3);
            json.writeNumberField("kafka_offset", 1234);
            json.writeEndObject();
        }

        JsonNode archived = new ObjectMapper().readTree(out.toByteArray());
        assertThat(archived.get("kafka_offset").longValue()).isEqualTo(1234);
        assertThat(validator.validate(out.toByteArray()))
                .isEqualTo(new ValidationResult.Valid(RawRecord.COMPLETE_EVENT));
    }

    private String json(TweetEvent event) {
        return new String(eventJson.toBytes(event), StandardCharsets.UTF_8);
    }

    private static TweetEvent event(String id, String location, String text) {
        return new TweetEvent(id, CREATED_AT, "42", 10, location, 2, 1, "en", text, "synthetic");
    }

    private static TweetEvent event(String id, Instant createdAt) {
        return new TweetEvent(id, createdAt, "42", 10, "Berlin", 2, 1, "en", "text", "synthetic");
    }
}
