package io.lambdaarch.common.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

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
     * A writer for one thread that writes many events: the same bytes as {@link #toBytes}, through one generator and one
     * buffer kept from event to event (creating a generator per event was a third of the cost of writing it).
     */
    public Writer writer() {
        return new Writer();
    }

    /** Writes events as {@link EventJson#toBytes} does, reusing its generator and buffer. Not thread-safe. */
    public final class Writer {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        private JsonGenerator json;

        private Writer() {
        }

        /** Returns the event as UTF-8 JSON bytes. */
        public byte[] toBytes(TweetEvent event) {
            buffer.reset();
            try {
                if (json == null) {
                    json = factory.createGenerator(buffer);
                    // Events follow one another at the root; the default separator would put a space between them.
                    json.setRootValueSeparator(null);
                }
                json.writeStartObject();
                writeFields(event, json);
                json.writeEndObject();
                json.flush();
            } catch (IOException | RuntimeException e) {
                // A generator that failed half-way is in the middle of an object: the next event starts on a new one.
                json = null;
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            return buffer.toByteArray();
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
