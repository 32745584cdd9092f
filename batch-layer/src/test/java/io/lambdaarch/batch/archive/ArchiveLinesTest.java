package io.lambdaarch.batch.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.event.ValidationResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveLinesTest {
    private static final Instant INGESTED = Instant.parse("2026-11-26T09:15:31.123Z");
    private final ArchiveLines lines = new ArchiveLines();

    @Test
    void shouldReadBackTheRawLineItWrote() {
        TweetEvent event = new TweetEvent("1862233445566778899", Instant.parse("2026-11-20T09:15:30.123456Z"), "42", 1200,
                "Berlin, \"Germany\"", 3, 1, "de", "text with\nnewline", "synthetic");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        lines.writeRaw(event, 2, 77, INGESTED, out);
        RawRow row = lines.readRaw(out.toByteArray(), out.size());

        assertThat(row).isEqualTo(new RawRow(event, 2, 77, INGESTED));
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\n")
                .contains("\"kafka_partition\":2,\"kafka_offset\":77,\"ingest_time\":\"2026-11-26T09:15:31.123Z\"");
    }

    @Test
    void shouldWriteFourByteCharactersAsTheUtf8TheyArrivedIn() {
        String location = "Café 😀 Zürich 🇩🇪 𝄞 𠜎";
        String text = "emoji 😀 and \\uD83D as text";
        TweetEvent event = new TweetEvent("1862233445566778899", Instant.parse("2026-11-20T09:15:30Z"), "42", 1, location,
                0, 0, "de", text, "synthetic");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        lines.writeRaw(event, 0, 1, INGESTED, out);
        byte[] written = out.toByteArray();

        assertThat(indexOf(written, ("\"location\":\"" + location + "\"").getBytes(StandardCharsets.UTF_8))).isNotNegative();
        // U+1F600 is F0 9F 98 80 in UTF-8; Jackson by default writes one backslash-u escape per surrogate instead.
        assertThat(indexOf(written, new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80})).isNotNegative();
        assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("\\uDE00").doesNotContain("\\uD834");
        assertThat(lines.readRaw(written, written.length).event()).isEqualTo(event);
    }

    @Test
    void shouldKeepTheOriginalBytesAndReasonOfAQuarantinedRecord() throws Exception {
        byte[] value = {(byte) 0xff, 0, 'x'};
        ValidationResult.Invalid invalid = (ValidationResult.Invalid) new EventValidator().validate(value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        lines.writeQuarantine(invalid, 1, 9, INGESTED, null, value, out);
        JsonNode line = new ObjectMapper().readTree(out.toByteArray());

        assertThat(line.get("reason").asText()).isEqualTo(InvalidReason.MALFORMED_JSON.code());
        assertThat(line.get("detail").asText()).isNotEmpty();
        assertThat(Base64.getDecoder().decode(line.get("value_base64").asText())).isEqualTo(value);
        assertThat(line.get("key_base64").isNull()).isTrue();
        assertThat(line.get("kafka_offset").asLong()).isEqualTo(9);
    }

    @Test
    void shouldRejectADamagedRawLine() {
        byte[] noCoordinates = "{\"id\":\"1\",\"created_at\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        byte[] invalidEvent = "{\"id\":\"x\",\"kafka_partition\":1,\"kafka_offset\":2,\"ingest_time\":\"2026-01-01T00:00:00Z\"}"
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> lines.readRaw(noCoordinates, noCoordinates.length)).hasMessageContaining("kafka_partition");
        assertThatThrownBy(() -> lines.readRaw(invalidEvent, invalidEvent.length)).hasMessageContaining("invalid_id");
        assertThatThrownBy(() -> lines.readRaw(new byte[] {'{'}, 1)).hasMessageContaining("not a JSON object");
    }

    @Test
    void shouldWriteTheSameLineFromACanonicalRecordAsFromItsEventAsJacksonWroteIt() throws Exception {
        EventValidator validator = new EventValidator();
        List<TweetEvent> events = List.of(
                new TweetEvent("1862233445566778899", Instant.parse("2026-11-20T09:15:30.123456Z"), "42", 1200,
                        "Berlin, \"Germany\"", 3, 1, "de", "text with\nnewline \u0001 and \\", "synthetic"),
                new TweetEvent("7", Instant.parse("2026-11-20T09:15:30Z"), null, 0, "unknown", 0, 0, null, null, null),
                new TweetEvent("9999999999999999999", Instant.parse("0001-01-01T00:00:00.5Z"), "u", Long.MAX_VALUE,
                        "Café 😀 Zürich 🇩🇪 𝄞 𠜎", Long.MAX_VALUE, 12, "pt-BR", "emoji 😀 \t tab", "x"));
        List<Instant> ingestTimes = List.of(INGESTED, Instant.parse("2026-11-26T00:00:00Z"), Instant.ofEpochMilli(1),
                Instant.parse("2026-11-26T09:15:31.100Z"));
        for (TweetEvent event : events) {
            byte[] canonical = new EventJson().toBytes(event);
            EventValidator.Checked checked = validator.validateKeepingForm(canonical);
            assertThat(checked.result()).isEqualTo(new ValidationResult.Valid(event));
            for (Instant ingestTime : ingestTimes) {
                ByteArrayOutputStream fromRecord = new ByteArrayOutputStream();
                ByteArrayOutputStream fromEvent = new ByteArrayOutputStream();

                lines.writeRaw(canonical, canonical.length, 2, 1_234_567_890_123L, ingestTime, fromRecord);
                lines.writeRaw(event, 2, 1_234_567_890_123L, ingestTime, fromEvent);

                assertThat(fromRecord.toByteArray()).isEqualTo(fromEvent.toByteArray()).isEqualTo(jacksonLine(event, 2,
                        1_234_567_890_123L, ingestTime));
                assertThat(lines.readRaw(fromRecord.toByteArray(), fromRecord.size()))
                        .isEqualTo(new RawRow(event, 2, 1_234_567_890_123L, ingestTime));
            }
        }
    }

    @Test
    void shouldRefuseBytesThatCannotBeAnEventsCanonicalForm() {
        byte[] notAnObject = "[1]".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> lines.writeRaw(notAnObject, notAnObject.length, 0, 0, INGESTED, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must end with '}'");
    }

    /** The raw line as Jackson's generator wrote it before lines were written by hand: what the archive holds. */
    private static byte[] jacksonLine(TweetEvent event, int partition, long offset, Instant ingestTime) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = EventJson.newJsonFactory().createGenerator(out)) {
            json.writeStartObject();
            new EventJson().writeFields(event, json);
            json.writeNumberField("kafka_partition", partition);
            json.writeNumberField("kafka_offset", offset);
            json.writeStringField("ingest_time", DateTimeFormatter.ISO_INSTANT.format(ingestTime));
            json.writeEndObject();
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void shouldMapEveryRawBatchColumnToOneJsonPath() {
        assertThat(ArchiveLines.RAW_BATCH_JSONPATHS).hasSameSizeAs(ArchiveLines.RAW_BATCH_COLUMNS);
        assertThat(ArchiveLines.RAW_BATCH_COLUMNS).containsExactly("event_id", "created_at", "location", "followers_count",
                "favorite_count", "retweet_count", "kafka_partition", "kafka_offset", "ingest_time", "lang");
    }

    @Test
    void shouldReadLangFromALineAndNoneFromAnOlderLineWithoutIt() {
        byte[] line = ("{\"v\":1,\"id\":\"5\",\"created_at\":\"2026-11-26T09:00:00Z\",\"user\":{\"location\":\"Oslo\","
                + "\"followers_count\":1},\"favorite_count\":2,\"retweet_count\":3,\"lang\":\"nb\",\"kafka_partition\":0,"
                + "\"kafka_offset\":7,\"ingest_time\":\"2026-11-26T09:00:01Z\"}").getBytes(StandardCharsets.UTF_8);
        byte[] older = new String(line, StandardCharsets.UTF_8).replace(",\"lang\":\"nb\"", "").getBytes(StandardCharsets.UTF_8);

        assertThat(new ArchiveLines().readRaw(line, line.length).event().lang()).isEqualTo("nb");
        // CsvRowEncoder writes a null lang as NULL, which views read as und (docs/design.md#replaying-older-archive-lines).
        assertThat(new ArchiveLines().readRaw(older, older.length).event().lang()).isNull();
    }
}
