package io.lambdaarch.serving.freshness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses {@code speed_commits.next_offsets}: a JSON object from Kafka partition number to the next offset the speed
 * layer will read there, e.g. {@code {"0":1200,"1":1187,"2":1190}}.
 */
final class NextOffsets {
    // Thread-safe and never reconfigured after construction.
    private static final JsonFactory JSON = new JsonFactory();

    private NextOffsets() {
    }

    /** The offsets by partition; throws {@link IllegalArgumentException} saying what is wrong with {@code json}. */
    static Map<Integer, Long> parse(String json) {
        Map<Integer, Long> offsets = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int partition;
                try {
                    partition = Integer.parseInt(name);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("key " + name + " is not a partition number");
                }
                if (parser.nextToken() != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                    throw new IllegalArgumentException("the offset of partition " + name + " is not a non-negative integer");
                }
                if (partition < 0 || offsets.put(partition, parser.getLongValue()) != null) {
                    throw new IllegalArgumentException("partition " + name + " is negative or repeated");
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("unexpected content after the offsets");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            // parsing a String performs no I/O
            throw new UncheckedIOException(e);
        }
        return offsets;
    }
}
