package io.lambdaarch.common.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A raw event record for tests: starts as the complete, valid example of docs/design.md#the-event, and lets a test
 * replace or remove one field at a time. Values are raw JSON fragments, so a test can write any JSON it needs.
 */
final class RawRecord {
    static final String ID = "1862233445566778899";
    static final String CREATED_AT = "2026-11-26T09:15:30Z";

    /** The event {@link #complete()} validates to. */
    static final TweetEvent COMPLETE_EVENT = new TweetEvent(
            ID, Instant.parse(CREATED_AT), "42", 1200, "Berlin, Germany", 3, 1, "de", "hello", "synthetic");

    // Stands for the object built from userFields; not valid JSON, so no test value can collide with it.
    private static final String USER_OBJECT = "<user object>";

    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, String> userFields = new LinkedHashMap<>();

    private RawRecord() {
    }

    /** Every field of the format set, in the order of the design's example. */
    static RawRecord complete() {
        RawRecord record = new RawRecord();
        record.fields.put("v", "1");
        record.fields.put("id", quoted(ID));
        record.fields.put("created_at", quoted(CREATED_AT));
        record.fields.put("user", USER_OBJECT);
        record.userFields.put("id", quoted("42"));
        record.userFields.put("followers_count", "1200");
        record.userFields.put("location", quoted("Berlin, Germany"));
        record.fields.put("favorite_count", "3");
        record.fields.put("retweet_count", "1");
        record.fields.put("lang", quoted("de"));
        record.fields.put("text", quoted("hello"));
        record.fields.put("source", quoted("synthetic"));
        return record;
    }

    /**
     * Sets a top-level field to a raw JSON value, or removes it when {@code rawJson} is null (missing). Setting
     * {@code user} replaces the whole user object; a {@code field} of the form {@code user.x} sets a field of it.
     */
    RawRecord with(String field, String rawJson) {
        if (rawJson == null) {
            return without(field);
        }
        if (field.startsWith("user.")) {
            userFields.put(field.substring("user.".length()), rawJson);
        } else {
            fields.put(field, rawJson);
        }
        return this;
    }

    /** Removes a top-level field, or a field of the user object when named {@code user.x}. */
    RawRecord without(String field) {
        if (field.startsWith("user.")) {
            userFields.remove(field.substring("user.".length()));
        } else {
            fields.remove(field);
        }
        return this;
    }

    String json() {
        return fields.entrySet().stream()
                .map(e -> quoted(e.getKey()) + ":" + valueOf(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    byte[] bytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code "text"} with no escaping: callers write JSON escapes themselves where they need them. */
    static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private String valueOf(String rawJson) {
        if (!USER_OBJECT.equals(rawJson)) {
            return rawJson;
        }
        return userFields.entrySet().stream()
                .map(e -> quoted(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }
}
