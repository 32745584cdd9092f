package io.lambdaarch.batch.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.InstantText;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.TweetView;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The line formats of the archive (JSON Lines, one object per line).
 *
 * <p>Raw: the canonical event (docs/design.md#the-event) followed by {@code kafka_partition}, {@code kafka_offset} and
 * {@code ingest_time} (ISO-8601, UTC), named like the raw_batch columns. Quarantine: the Kafka coordinates and
 * ingest time, the reason code and detail, and the record's original key and value bytes in Base64 (a value need not
 * be UTF-8, let alone JSON).
 *
 * <p>Not thread-safe: one instance per reading or writing thread.
 */
public final class ArchiveLines {
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String INGEST_TIME = TweetView.INGEST_TIME;
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    public static final String KEY_BASE64 = "key_base64";
    public static final String VALUE_BASE64 = "value_base64";

    /**
     * JSONPaths of raw_batch's columns in a raw line, in the order of {@link #RAW_BATCH_COLUMNS}; Redshift's COPY
     * reads them from {@link ArchiveKeys#RAW_BATCH_JSONPATHS}.
     */
    public static final List<String> RAW_BATCH_JSONPATHS = List.of(
            "$.id", "$.created_at", "$.user.location", "$.user.followers_count", "$.favorite_count", "$.retweet_count",
            "$." + KAFKA_PARTITION, "$." + KAFKA_OFFSET, "$." + INGEST_TIME, "$.lang");
    /** raw_batch's columns, in the order COPY fills them. */
    public static final List<String> RAW_BATCH_COLUMNS = Tables.RAW_COLUMNS;

    private static final String PARTITION_FIELD = ",\"" + KAFKA_PARTITION + "\":";
    private static final String OFFSET_FIELD = ",\"" + KAFKA_OFFSET + "\":";
    private static final String INGEST_TIME_FIELD = ",\"" + INGEST_TIME + "\":\"";

    // UTF-8 as it arrived: 4-byte characters are not split into escaped surrogate pairs.
    private final JsonFactory factory = EventJson.newJsonFactory();
    private final EventJson eventJson = new EventJson();
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventValidator validator = new EventValidator();
    private final EventJson.Writer eventWriter = eventJson.writer();
    private final AsciiBuffer coordinates = new AsciiBuffer();

    /**
     * Writes the raw line of a valid event to {@code out}, without the newline: its canonical form, written by hand
     * ({@link EventJson.Writer}: the same bytes as Jackson's generator at a third of its cost), then the coordinates.
     */
    public void writeRaw(TweetEvent event, int partition, long offset, Instant ingestTime, OutputStream out) {
        byte[] canonical = eventWriter.toBytes(event);
        writeRaw(canonical, canonical.length, partition, offset, ingestTime, out);
    }

    /**
     * Writes the raw line of a valid event whose canonical form (what {@link EventJson} writes for it, byte for byte)
     * is the first {@code length} bytes of {@code canonicalEvent}, such as a Kafka value the validator found canonical
     * ({@link EventValidator#validateKeepingForm}). Landing takes this path for nearly every record (ingestion sends
     * canonical records), so the line is the record's bytes with the coordinates spliced in before its closing brace,
     * with no JSON writer at all: writing the line with Jackson's generator was about a sixth of the drain's CPU.
     */
    public void writeRaw(byte[] canonicalEvent, int length, int partition, long offset, Instant ingestTime, OutputStream out) {
        if (length < 2 || canonicalEvent[length - 1] != '}') {
            throw new IllegalArgumentException("not an event's canonical form: it must end with '}'");
        }
        try {
            out.write(canonicalEvent, 0, length - 1);
            coordinates.reset();
            coordinates.ascii(PARTITION_FIELD).number(partition).ascii(OFFSET_FIELD).number(offset)
                    .ascii(INGEST_TIME_FIELD).ascii(InstantText.format(ingestTime)).ascii("\"}");
            out.write(coordinates.bytes, 0, coordinates.size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the quarantine line of an invalid record to {@code out}, without the newline. */
    public void writeQuarantine(ValidationResult.Invalid invalid, int partition, long offset, Instant ingestTime,
            byte[] key, byte[] value, OutputStream out) {
        try (JsonGenerator json = generator(out)) {
            json.writeStartObject();
            writeCoordinates(json, partition, offset, ingestTime);
            json.writeStringField(REASON, invalid.reason().code());
            json.writeStringField(DETAIL, invalid.detail());
            writeBase64(json, KEY_BASE64, key);
            writeBase64(json, VALUE_BASE64, value);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a raw line back; the event goes through the validator again, so a damaged archive fails loudly here
     * instead of loading wrong rows.
     */
    public RawRow readRaw(byte[] line, int length) {
        JsonNode node;
        try {
            node = mapper.readTree(line, 0, length);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        ValidationResult result = validator.validate(node);
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new IllegalArgumentException("not a valid event: " + invalid.describe());
        }
        TweetEvent event = ((ValidationResult.Valid) result).event();
        JsonNode partition = node.get(KAFKA_PARTITION);
        JsonNode offset = node.get(KAFKA_OFFSET);
        JsonNode ingestTime = node.get(INGEST_TIME);
        if (partition == null || !partition.canConvertToInt() || offset == null || !offset.canConvertToLong()
                || ingestTime == null || !ingestTime.isTextual()) {
            throw new IllegalArgumentException("missing " + KAFKA_PARTITION + ", " + KAFKA_OFFSET + " or " + INGEST_TIME);
        }
        try {
            return new RawRow(event, partition.intValue(), offset.longValue(), Instant.parse(ingestTime.textValue()));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad " + INGEST_TIME + ": " + ingestTime.textValue(), e);
        }
    }

    private JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator json = factory.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        return json;
    }

    private static void writeCoordinates(JsonGenerator json, int partition, long offset, Instant ingestTime) throws IOException {
        json.writeNumberField(KAFKA_PARTITION, partition);
        json.writeNumberField(KAFKA_OFFSET, offset);
        json.writeStringField(INGEST_TIME, DateTimeFormatter.ISO_INSTANT.format(ingestTime));
    }

    /** The coordinates' few ASCII bytes, kept from line to line. */
    private static final class AsciiBuffer {
        private byte[] bytes = new byte[128];
        private int size;

        void reset() {
            size = 0;
        }

        AsciiBuffer ascii(String text) {
            int length = text.length();
            ensure(length);
            for (int i = 0; i < length; i++) {
                bytes[size++] = (byte) text.charAt(i);
            }
            return this;
        }

        AsciiBuffer number(long value) {
            return ascii(Long.toString(value));
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    private static void writeBase64(JsonGenerator json, String field, byte[] bytes) throws IOException {
        if (bytes == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, Base64.getEncoder().encodeToString(bytes));
        }
    }
}
