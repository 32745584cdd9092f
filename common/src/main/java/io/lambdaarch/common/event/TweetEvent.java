package io.lambdaarch.common.event;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A validated, normalized event (docs/design.md#validation-and-normalization). Only {@link EventValidator} creates these from outside input,
 * so every instance already satisfies the rules: numeric id of 1-19 digits, UTC instant, non-negative counts and a
 * normalized location.
 *
 * @param id canonical decimal id without leading zeros
 * @param createdAt event time, UTC
 * @param userId the author's id as sent, or null
 * @param followersCount the author's followers, at least 0
 * @param location normalized location, {@code unknown} when absent
 * @param favoriteCount favorites, at least 0
 * @param retweetCount retweets, at least 0
 * @param lang language tag as sent, or null
 * @param text the post text as sent, or null
 * @param source which source produced it (synthetic, replay, x-stream), or null
 */
public record TweetEvent(
        String id,
        Instant createdAt,
        String userId,
        long followersCount,
        String location,
        long favoriteCount,
        long retweetCount,
        String lang,
        String text,
        String source) {

    public TweetEvent {
        requireNonNull(id, "id is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(location, "location is null");
        if (followersCount < 0 || favoriteCount < 0 || retweetCount < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}
