package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.TweetView;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ViewQueriesTest {
    private static final String AGGREGATE_SELECT = "SELECT DATE_TRUNC('hour', created_at) AS event_hour, "
            + "location AS location, "
            + "CAST(COUNT(*) AS BIGINT) AS tweet_count, "
            + "CAST(COALESCE(SUM(followers_count), 0) AS BIGINT) AS followers_sum, "
            + "CAST(COALESCE(SUM(favorite_count), 0) AS BIGINT) AS favorites_sum, "
            + "CAST(COALESCE(SUM(retweet_count), 0) AS BIGINT) AS retweets_sum "
            + "FROM raw_batch";

    static Stream<Warehouse> warehouses() {
        return Stream.of(new PostgresWarehouse(), new RedshiftWarehouse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouses")
    void shouldAggregateRawRowsByEventHourAndLocation(Warehouse warehouse) {
        assertThat(warehouse.aggregateQuery(TweetView.DEFINITION, "raw_batch", "ingest_time < ?"))
                .isEqualTo(AGGREGATE_SELECT + " WHERE ingest_time < ? GROUP BY 1, 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouses")
    void shouldAggregateWithoutWhereWhenFilterIsNullOrBlank(Warehouse warehouse) {
        String expected = AGGREGATE_SELECT + " GROUP BY 1, 2";

        assertThat(warehouse.aggregateQuery(TweetView.DEFINITION, "raw_batch", null)).isEqualTo(expected);
        assertThat(warehouse.aggregateQuery(TweetView.DEFINITION, "raw_batch", "  ")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouses")
    void shouldReaggregateViewRowsBySummingMeasures(Warehouse warehouse) {
        String rows = "SELECT * FROM batch_view UNION ALL SELECT event_hour, location, tweet_count, followers_sum, "
                + "favorites_sum, retweets_sum FROM speed_view WHERE ingest_bucket >= ?";

        assertThat(warehouse.reaggregateQuery(TweetView.DEFINITION, rows))
                .isEqualTo("SELECT event_hour, location, CAST(SUM(tweet_count) AS BIGINT) AS tweet_count, "
                        + "CAST(SUM(followers_sum) AS BIGINT) AS followers_sum, "
                        + "CAST(SUM(favorites_sum) AS BIGINT) AS favorites_sum, "
                        + "CAST(SUM(retweets_sum) AS BIGINT) AS retweets_sum "
                        + "FROM (" + rows + ") merged GROUP BY 1, 2");
    }
}
