package io.lambdaarch.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link TweetEvent} in the event format of docs/design.md#the-event. Output is canonical (fixed field order,
 * UTC timestamps, id as a string, null fields omitted), so {@code validate(write(e))} returns {@code e} again.
 */
public final class EventJson {
    /** The event format version written in field {@code v}. */
    public static final int VERSION = 1;

    private final JsonFactory factory = newJsonFactory();

    /**
     * A JSON factory for every writer of event text (the canonical event, the archive's lines): emoji and other
     * supplementary characters as raw 4-byte UTF-8 rather than the escaped surrogate pairs (a backslash-u escape for each half of the pair)
     * Jackson writes by default, so the bytes stay readable, UTF-8 as they arrived, and byte-identical to what other
     * UTF-8 JSON writers produce.
     */
    public static JsonFactory newJsonFactory() {
        return JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    }

    /** Returns the event as UTF-8 JSON bytes. */
    public byte[] toBytes(TweetEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(event, out);
        return out.toByteArray();
    }

    /**
     * A writer for one thread that writes many events: the same bytes as {@link #toBytes}, at about a third of the cost
     * (ingestion writes one canonical event per record; creating a generator per event and its general machinery were
     * a fifth of ingestion's time).
     */
    public Writer writer() {
        return new Writer();
    }

    /**
     * Writes events byte for byte as {@link EventJson#toBytes} does, by hand into a buffer kept from event to event: the
     * canonical form has a fixed shape, and its strings are escaped as Jackson escapes them (quote, backslash and
     * control characters; {@code \b \t \n \f \r} short, the rest as upper-case {@code \}{@code u00XX}; everything
     * else as raw UTF-8, a surrogate pair as one 4-byte sequence). An event with an unpaired surrogate, which Jackson
     * treats specially, goes through Jackson itself. Not thread-safe.
     */
    public final class Writer {
        private static final byte[] START = ascii("{\"v\":" + VERSION + ",\"id\":");
        private static final byte[] CREATED_AT = ascii(",\"created_at\":");
        private static final byte[] USER = ascii(",\"user\":{");
        private static final byte[] USER_ID = ascii("\"id\":");
        private static final byte[] FOLLOWERS = ascii("\"followers_count\":");
        private static final byte[] LOCATION = ascii(",\"location\":");
        private static final byte[] FAVORITES = ascii("},\"favorite_count\":");
        private static final byte[] RETWEETS = ascii(",\"retweet_count\":");
        private static final byte[] LANG = ascii(",\"lang\":");
        private static final byte[] TEXT = ascii(",\"text\":");
        private static final byte[] SOURCE = ascii(",\"source\":");

        private byte[] buffer = new byte[512];
        private int size;

        private Writer() {
        }

        /** Returns the event as UTF-8 JSON bytes. */
        public byte[] toBytes(TweetEvent event) {
            size = 0;
            append(START);
            if (!string(event.id())) {
                return EventJson.this.toBytes(event);
            }
            append(CREATED_AT);
            string(InstantText.format(event.createdAt()));
            append(USER);
            if (event.userId() != null) {
                append(USER_ID);
                if (!string(event.userId())) {
                    return EventJson.this.toBytes(event);
                }
                append((byte) ',');
            }
            append(FOLLOWERS);
            number(event.followersCount());
            append(LOCATION);
            // The validator turns unpaired surrogates in locations into U+FFFD, but an event may come from elsewhere.
            if (!string(event.location())) {
                return EventJson.this.toBytes(event);
            }
            append(FAVORITES);
            number(event.favoriteCount());
            append(RETWEETS);
            number(event.retweetCount());
            if (!optional(LANG, event.lang()) || !optional(TEXT, event.text()) || !optional(SOURCE, event.source())) {
                return EventJson.this.toBytes(event);
            }
            append((byte) '}');
            return Arrays.copyOf(buffer, size);
        }

        private boolean optional(byte[] field, String value) {
            if (value == null) {
                return true;
            }
            append(field);
            return string(value);
        }

        /** Writes {@code value} quoted and escaped; false, with the buffer in any state, at an unpaired surrogate. */
        private boolean string(String value) {
            ensure(value.length() * JsonStringBytes.MAX_BYTES_PER_CHAR + 2);
            buffer[size] = '"';
            int at = JsonStringBytes.write(buffer, size + 1, value, false);
            if (at == JsonStringBytes.UNPAIRED_SURROGATE) {
                return false;
            }
            buffer[at++] = '"';
            size = at;
            return true;
        }

        private void number(long value) {
            ensure(20);
            if (value == 0) {
                buffer[size++] = '0';
                return;
            }
            int digits = 0;
            for (long rest = value; rest != 0; rest /= 10) {
                digits++;
            }
            int at = size + digits;
            for (long rest = value; rest != 0; rest /= 10) {
                buffer[--at] = (byte) ('0' + rest % 10);
            }
            size += digits;
        }

        private void append(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, size, bytes.length);
            size += bytes.length;
        }

        private void append(byte value) {
            ensure(1);
            buffer[size++] = value;
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Writes the event as one JSON object to {@code out}, without a trailing newline; does not close the stream. */
    public void write(TweetEvent event, OutputStream out) {
        try (JsonGenerator json = factory.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartObject();
            writeFields(event, json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the event's fields into the object {@code json} has open; callers that add fields of their own (such as
     * Kafka coordinates in the archive) open and close the object themselves.
     */
    public void writeFields(TweetEvent event, JsonGenerator json) throws IOException {
        json.writeNumberField("v", VERSION);
        json.writeStringField("id", event.id());
        json.writeStringField("created_at", InstantText.format(event.createdAt()));
        json.writeObjectFieldStart("user");
        if (event.userId() != null) {
            json.writeStringField("id", event.userId());
        }
        json.writeNumberField("followers_count", event.followersCount());
        json.writeStringField("location", event.location());
        json.writeEndObject();
        json.writeNumberField("favorite_count", event.favoriteCount());
        json.writeNumberField("retweet_count", event.retweetCount());
        writeOptional(json, "lang", event.lang());
        writeOptional(json, "text", event.text());
        writeOptional(json, "source", event.source());
    }

    private static void writeOptional(JsonGenerator json, String field, String value) throws IOException {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }
}
