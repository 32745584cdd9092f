package io.lambdaarch.common.view;

import java.util.List;

/**
 * The view of docs/design.md#the-view: grain {@code event_hour x location}; measures tweet_count, followers_sum,
 * favorites_sum and retweets_sum. Column names of the raw rows it reads are those of {@code raw_batch}.
 */
public final class TweetView {
    public static final String EVENT_HOUR = "event_hour";
    public static final String LOCATION = "location";
    /** The event's language (raw_batch, first_copies, the archive line); NULL there when it has none. */
    public static final String LANG = "lang";
    /** The extra leading dimension of speed_view: ingest time floored to the bucket size B. */
    public static final String INGEST_BUCKET = "ingest_bucket";
    /** The time dimension of the day grain: event_hour truncated to the UTC day. */
    public static final String EVENT_DAY = "event_day";

    public static final String CREATED_AT = "created_at";
    public static final String FOLLOWERS_COUNT = "followers_count";
    public static final String FAVORITE_COUNT = "favorite_count";
    public static final String RETWEET_COUNT = "retweet_count";
    public static final String INGEST_TIME = "ingest_time";
    public static final String EVENT_ID = "event_id";

    /** The one definition every layer uses. */
    public static final ViewDefinition DEFINITION = new ViewDefinition(
            List.of(
                    new Dimension(EVENT_HOUR, CREATED_AT, TimeGrain.HOUR),
                    new Dimension(LOCATION, LOCATION, TimeGrain.NONE)),
            List.of(
                    new Measure("tweet_count", Aggregation.COUNT, null),
                    new Measure("followers_sum", Aggregation.SUM, FOLLOWERS_COUNT),
                    new Measure("favorites_sum", Aggregation.SUM, FAVORITE_COUNT),
                    new Measure("retweets_sum", Aggregation.SUM, RETWEET_COUNT)));

    /** The day grain of the view ({@code event_day x location}), which the batch layer keeps beside batch_view. */
    public static final ViewRollup DAY_ROLLUP = new ViewRollup(DEFINITION, EVENT_DAY);

    private TweetView() {
    }
}
