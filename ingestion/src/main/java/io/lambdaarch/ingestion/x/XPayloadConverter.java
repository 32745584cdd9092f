package io.lambdaarch.ingestion.x;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.ValidationResult;

/**
 * Turns an X API v2 filtered-stream payload into the event format and validates it with the common validator.
 * The mapping (https://docs.x.com/x-api/posts/filtered-stream/introduction): {@code data.id}, {@code data.created_at},
 * {@code data.lang} and {@code data.text} keep their names; {@code data.public_metrics.like_count} becomes
 * {@code favorite_count} and {@code retweet_count} stays; the author is the entry of {@code includes.users} whose id is
 * {@code data.author_id}, giving {@code user.id}, {@code user.location} and
 * {@code user.followers_count} (from its {@code public_metrics}). A post whose author is missing from
 * {@code includes} keeps its author id and counts as having no location and no followers.
 *
 * <p>Thread-safe.
 */
public final class XPayloadConverter {
    private final EventValidator validator;
    private final String sourceName;

    /** {@code sourceName} is written into each event's {@code source} field. */
    public XPayloadConverter(EventValidator validator, String sourceName) {
        this.validator = requireNonNull(validator, "validator is null");
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
    }

    /** Converts and validates one payload (one line of the stream). */
    public ValidationResult decode(byte[] raw) {
        return validator.parse(raw, this::convert);
    }

    private ValidationResult convert(JsonNode root) {
        if (root == null || root.isMissingNode()) {
            return new ValidationResult.Invalid(InvalidReason.MALFORMED_JSON, "empty record");
        }
        if (!root.isObject()) {
            return new ValidationResult.Invalid(InvalidReason.NOT_AN_OBJECT, "an X payload must be a JSON object");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            String detail = isSystemMessage(root)
                    ? "X system message, not a post: " + shorten(root.get("errors").toString())
                    : "an X payload needs a data object (the post)";
            return new ValidationResult.Invalid(InvalidReason.INVALID_FIELD, detail);
        }
        return validator.validate(toEvent(root, data));
    }

    /** True for the stream's own messages ({@code errors} without {@code data}), e.g. an operational disconnect. */
    public static boolean isSystemMessage(JsonNode root) {
        return root.isObject() && root.has("errors") && !root.has("data");
    }

    private ObjectNode toEvent(JsonNode root, JsonNode data) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("v", EventJson.VERSION);
        copy(data, "id", event, "id");
        copy(data, "created_at", event, "created_at");
        ObjectNode user = event.putObject("user");
        copy(data, "author_id", user, "id");
        JsonNode author = author(root, data.get("author_id"));
        if (author != null) {
            copy(author, "location", user, "location");
            copy(author.path("public_metrics"), "followers_count", user, "followers_count");
        }
        JsonNode metrics = data.path("public_metrics");
        copy(metrics, "like_count", event, "favorite_count");
        copy(metrics, "retweet_count", event, "retweet_count");
        copy(data, "lang", event, "lang");
        copy(data, "text", event, "text");
        event.put("source", sourceName);
        return event;
    }

    private static JsonNode author(JsonNode root, JsonNode authorId) {
        if (authorId == null || !authorId.isValueNode()) {
            return null;
        }
        for (JsonNode user : root.path("includes").path("users")) {
            JsonNode id = user.get("id");
            if (id != null && id.isValueNode() && id.asText().equals(authorId.asText())) {
                return user;
            }
        }
        return null;
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    private static String shorten(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }
}
