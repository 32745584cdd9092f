package io.lambdaarch.common.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of a record the rules look at, as read, before any rule is applied: each is null when absent, else the
 * value as a JSON node (a small value node for scalars; a whole node only for an object or array where the rules
 * expect a scalar, which can only be invalid). The streaming reader fills it without building a tree of the record;
 * {@link #of(JsonNode)} fills it from a tree, so both paths run the very same rules.
 */
final class EventFields {
    JsonNode version;
    JsonNode id;
    JsonNode createdAt;
    /** {@code user} when it is present and not an object (null included), else null. */
    JsonNode userNotObject;
    boolean userIsObject;
    JsonNode userId;
    JsonNode location;
    JsonNode followers;
    JsonNode favorites;
    JsonNode retweets;
    JsonNode lang;
    JsonNode text;
    JsonNode source;

    /** The fields of an already parsed object. */
    static EventFields of(JsonNode root) {
        EventFields fields = new EventFields();
        fields.version = root.get("v");
        fields.id = root.get("id");
        fields.createdAt = root.get("created_at");
        JsonNode user = root.get("user");
        if (user != null && user.isObject()) {
            fields.userIsObject = true;
            fields.userId = user.get("id");
            fields.location = user.get("location");
            fields.followers = user.get("followers_count");
        } else {
            fields.userNotObject = user;
        }
        fields.favorites = root.get("favorite_count");
        fields.retweets = root.get("retweet_count");
        fields.lang = root.get("lang");
        fields.text = root.get("text");
        fields.source = root.get("source");
        return fields;
    }
}
