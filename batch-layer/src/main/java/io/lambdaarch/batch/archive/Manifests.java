package io.lambdaarch.batch.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The small JSON documents next to the data: a run's manifest (the exact files one COPY loads, in Redshift's
 * manifest format) and the JSONPaths file that maps a raw line to raw_batch's columns.
 */
public final class Manifests {
    private static final JsonFactory FACTORY = new JsonFactory();

    private Manifests() {
    }

    /** One file of a manifest. */
    public record Entry(String url, long contentLength) {
    }

    /**
     * {@code {"entries":[{"url":"s3://...","mandatory":true,"meta":{"content_length":N}}, ...]}}: mandatory, so a
     * missing file fails the COPY instead of loading a partial run.
     */
    public static byte[] manifest(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeArrayFieldStart("entries");
            for (Entry entry : entries) {
                json.writeStartObject();
                json.writeStringField("url", entry.url());
                json.writeBooleanField("mandatory", true);
                json.writeObjectFieldStart("meta");
                json.writeNumberField("content_length", entry.contentLength());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code {"jsonpaths":[...]}} in raw_batch's COPY column order. */
    public static byte[] rawBatchJsonPaths() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            json.writeStartObject();
            json.writeArrayFieldStart("jsonpaths");
            for (String path : ArchiveLines.RAW_BATCH_JSONPATHS) {
                json.writeString(path);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
