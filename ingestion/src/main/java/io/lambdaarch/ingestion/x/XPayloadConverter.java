package io.lambdaarch.ingestion.x;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.ValidationResult;
import io.lambdaarch.ingestion.DecodedItem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns X API v2 data, in the three shapes people record it, into events and validates each with the common validator:
 * <ul>
 *   <li>a filtered-stream payload: {@code data} is one post, {@code includes.users} holds its author;</li>
 *   <li>a response page (search, lookup, timeline; what twarc2 writes, one page per line): {@code data} is an array of
 *       posts and {@code includes.users} is shared by the page; each post is one event, named {@code data[i]};</li>
 *   <li>a flattened post (twarc2 {@code flatten}): the post itself at the top, its author inlined as {@code author}.</li>
 * </ul>
 * A line with {@code errors} and no {@code data} (the stream's system messages such as {@code operational-disconnect},
 * or a lookup whose posts are all gone) and a page with no posts ({@code meta.result_count} 0) hold no post: they are
 * skipped, not rejected.
 *
 * <p>The mapping (https://docs.x.com/x-api/posts/filtered-stream/introduction): {@code created_at}, {@code lang} and
 * {@code text} keep their names; {@code public_metrics.like_count} becomes {@code favorite_count} and
 * {@code retweet_count} stays; the author (the user whose {@code id} is the post's {@code author_id}) gives
 * {@code user.id}, {@code user.location} and {@code user.followers_count} (from its {@code public_metrics}). A post whose
 * author is missing keeps its author id and counts as having no location and no followers.
 *
 * <p>The event id is the post's original id, the first of {@code edit_history_tweet_ids}
 * (https://docs.x.com/x-api/fundamentals/edit-posts), or {@code id} without one: every version of an edited post
 * carries the same original id, so the id deduplication of every layer counts an edited post once, in the version that
 * reached Kafka first (docs/design.md#duplicates).
 *
 * <p>Thread-safe.
 */
public final class XPayloadConverter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventValidator validator;
    private final String sourceName;

    /** {@code sourceName} is written into each event's {@code source} field. */
    public XPayloadConverter(EventValidator validator, String sourceName) {
        this.validator = requireNonNull(validator, "validator is null");
        this.sourceName = requireNonNull(sourceName, "sourceName is null");
    }

    /** Converts and validates one line: one item for a stream payload or a flattened post, one per post of a page. */
    public List<DecodedItem> decode(byte[] raw) {
        return validator.parse(raw, root -> convert(root, raw), invalid -> List.of(DecodedItem.Event.whole(invalid, raw)));
    }

    private List<DecodedItem> convert(JsonNode root, byte[] raw) {
        if (root == null || root.isMissingNode()) {
            return whole(InvalidReason.MALFORMED_JSON, "empty record", raw);
        }
        if (!root.isObject()) {
            return whole(InvalidReason.NOT_AN_OBJECT, "an X payload must be a JSON object", raw);
        }
        JsonNode data = root.get("data");
        if (data == null || data.isNull()) {
            return withoutData(root, raw);
        }
        if (data.isObject()) {
            return List.of(DecodedItem.Event.whole(validator.validate(toEvent(data, author(data, users(root)))), raw));
        }
        if (data.isArray()) {
            return page(data, users(root));
        }
        return whole(InvalidReason.INVALID_FIELD, "data must be a post (object) or a page of posts (array)", raw);
    }

    private List<DecodedItem> withoutData(JsonNode root, byte[] raw) {
        if (isSystemMessage(root)) {
            return List.of(new DecodedItem.Skipped("X message without posts: " + shorten(root.get("errors").toString())));
        }
        JsonNode resultCount = root.path("meta").path("result_count");
        if (resultCount.isIntegralNumber() && resultCount.longValue() == 0) {
            return List.of(new DecodedItem.Skipped("X response page with no posts"));
        }
        if (root.has("id") && (root.path("author").isObject() || root.has("author_id"))) {
            JsonNode author = root.path("author").isObject() ? root.get("author") : null;
            return List.of(DecodedItem.Event.whole(validator.validate(toEvent(root, author)), raw));
        }
        return whole(InvalidReason.INVALID_FIELD,
                "not an X payload: no data (a post or a page of posts), no errors, and not a flattened post (id and author)", raw);
    }

    private List<DecodedItem> page(JsonNode data, Map<String, JsonNode> users) {
        List<DecodedItem> items = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            JsonNode post = data.get(i);
            String part = "data[" + i + "]";
            byte[] postBytes = bytes(post);
            ValidationResult result = post.isObject()
                    ? validator.validate(toEvent(post, author(post, users)))
                    : new ValidationResult.Invalid(InvalidReason.NOT_AN_OBJECT, part + " must be a post (object)");
            items.add(new DecodedItem.Event(result, part, postBytes));
        }
        return items;
    }

    /** True for a line with {@code errors} and no {@code data}, e.g. the stream's operational disconnect. */
    public static boolean isSystemMessage(JsonNode root) {
        return root.isObject() && root.has("errors") && !root.has("data");
    }

    private ObjectNode toEvent(JsonNode post, JsonNode author) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("v", EventJson.VERSION);
        JsonNode id = originalId(post);
        if (id != null && !id.isNull()) {
            event.set("id", id);
        }
        copy(post, "created_at", event, "created_at");
        ObjectNode user = event.putObject("user");
        copy(post, "author_id", user, "id");
        if (author != null) {
            if (!user.has("id")) {
                copy(author, "id", user, "id");
            }
            copy(author, "location", user, "location");
            copy(author.path("public_metrics"), "followers_count", user, "followers_count");
        }
        JsonNode metrics = post.path("public_metrics");
        copy(metrics, "like_count", event, "favorite_count");
        copy(metrics, "retweet_count", event, "retweet_count");
        copy(post, "lang", event, "lang");
        copy(post, "text", event, "text");
        event.put("source", sourceName);
        return event;
    }

    /** The first of {@code edit_history_tweet_ids} (the original post's id), else {@code id}; null when neither is there. */
    private static JsonNode originalId(JsonNode post) {
        JsonNode history = post.get("edit_history_tweet_ids");
        if (history != null && history.isArray() && !history.isEmpty() && history.get(0).isValueNode()) {
            return history.get(0);
        }
        return post.get("id");
    }

    /** The page's or payload's users by id; a user listed twice keeps its first entry. */
    private static Map<String, JsonNode> users(JsonNode root) {
        Map<String, JsonNode> users = new HashMap<>();
        for (JsonNode user : root.path("includes").path("users")) {
            JsonNode id = user.get("id");
            if (id != null && id.isValueNode()) {
                users.putIfAbsent(id.asText(), user);
            }
        }
        return users;
    }

    private static JsonNode author(JsonNode post, Map<String, JsonNode> users) {
        JsonNode authorId = post.get("author_id");
        if (authorId == null || !authorId.isValueNode()) {
            return null;
        }
        return users.get(authorId.asText());
    }

    private static void copy(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode value = from.get(field);
        if (value != null && !value.isNull()) {
            to.set(as, value);
        }
    }

    private static List<DecodedItem> whole(InvalidReason reason, String detail, byte[] raw) {
        return List.of(DecodedItem.Event.whole(new ValidationResult.Invalid(reason, detail), raw));
    }

    private static byte[] bytes(JsonNode post) {
        try {
            return JSON.writeValueAsBytes(post);
        } catch (JsonProcessingException e) {
            // A tree Jackson has just read can always be written back.
            return post.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String shorten(String value) {
        return value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }
}
