package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ViewQueriesTest {
    private static final String POSTGRES_AGGREGATE = "SELECT DATE_TRUNC('hour', created_at) AS event_hour, "
            + "location AS location, "
            + "CAST(COUNT(*) AS NUMERIC(38, 0)) AS tweet_count, "
            + "CAST(COALESCE(SUM(followers_count), 0) AS NUMERIC(38, 0)) AS followers_sum, "
            + "CAST(COALESCE(SUM(favorite_count), 0) AS NUMERIC(38, 0)) AS favorites_sum, "
            + "CAST(COALESCE(SUM(retweet_count), 0) AS NUMERIC(38, 0)) AS retweets_sum "
            + "FROM raw_batch";
    // Redshift's SUM of a BIGINT is a BIGINT: each value is widened before it is added.
    private static final String REDSHIFT_AGGREGATE = "SELECT DATE_TRUNC('hour', created_at) AS event_hour, "
            + "location AS location, "
            + "CAST(COUNT(*) AS DECIMAL(38, 0)) AS tweet_count, "
            + "CAST(COALESCE(SUM(CAST(followers_count AS DECIMAL(38, 0))), 0) AS DECIMAL(38, 0)) AS followers_sum, "
            + "CAST(COALESCE(SUM(CAST(favorite_count AS DECIMAL(38, 0))), 0) AS DECIMAL(38, 0)) AS favorites_sum, "
            + "CAST(COALESCE(SUM(CAST(retweet_count AS DECIMAL(38, 0))), 0) AS DECIMAL(38, 0)) AS retweets_sum "
            + "FROM raw_batch";

    /** Each warehouse with the aggregate SELECT it writes over raw_batch. */
    static Stream<Arguments> aggregates() {
        return Stream.of(Arguments.of(new PostgresWarehouse(), POSTGRES_AGGREGATE),
                Arguments.of(new RedshiftWarehouse(), REDSHIFT_AGGREGATE));
    }

    static Stream<Warehouse> warehouses() {
        return Stream.of(new PostgresWarehouse(), new RedshiftWarehouse());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregates")
    void shouldAggregateRawRowsByEventHourAndLocation(Warehouse warehouse, String aggregateSelect) {
        assertThat(warehouse.aggregateQuery(TweetView.DEFINITION, "raw_batch", "ingest_time < ?"))
                .isEqualTo(aggregateSelect + " WHERE ingest_time < ? GROUP BY 1, 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aggregates")
    void shouldAggregateWithoutWhereWhenFilterIsNullOrBlank(Warehouse warehouse, String aggregateSelect) {
        String expected = aggregateSelect + " GROUP BY 1, 2";

        assertThat(warehouse.aggregateQuery(TweetView.DEFINITION, "raw_batch", null)).isEqualTo(expected);
        assertThat(warehouse.aggregateQuery(TweetView.DEFINITION, "raw_batch", "  ")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouses")
    void shouldReaggregateViewRowsBySummingMeasures(Warehouse warehouse) {
        String rows = "SELECT * FROM batch_view UNION ALL SELECT event_hour, location, tweet_count, followers_sum, "
                + "favorites_sum, retweets_sum FROM speed_view WHERE ingest_bucket >= ?";

        String type = warehouse.measureType();

        assertThat(warehouse.reaggregateQuery(TweetView.DEFINITION, rows))
                .isEqualTo("SELECT event_hour, location, CAST(SUM(tweet_count) AS " + type + ") AS tweet_count, "
                        + "CAST(SUM(followers_sum) AS " + type + ") AS followers_sum, "
                        + "CAST(SUM(favorites_sum) AS " + type + ") AS favorites_sum, "
                        + "CAST(SUM(retweets_sum) AS " + type + ") AS retweets_sum "
                        + "FROM (" + rows + ") merged GROUP BY 1, 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouses")
    void shouldRollTheViewUpToDaysBySummingItsMeasures(Warehouse warehouse) {
        String type = warehouse.measureType();

        assertThat(warehouse.rollupQuery(TweetView.DAY_ROLLUP, "batch_view", "event_hour >= ?"))
                .isEqualTo("SELECT DATE_TRUNC('day', event_hour) AS event_day, location, "
                        + "CAST(SUM(tweet_count) AS " + type + ") AS tweet_count, "
                        + "CAST(SUM(followers_sum) AS " + type + ") AS followers_sum, "
                        + "CAST(SUM(favorites_sum) AS " + type + ") AS favorites_sum, "
                        + "CAST(SUM(retweets_sum) AS " + type + ") AS retweets_sum "
                        + "FROM batch_view WHERE event_hour >= ? GROUP BY 1, 2");
        assertThat(warehouse.rollupQuery(TweetView.DAY_ROLLUP, "batch_view", null)).endsWith("FROM batch_view GROUP BY 1, 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POSTGRES, 'NUMERIC(38, 0)'", "REDSHIFT, 'DECIMAL(38, 0)'"})
    void shouldSumIntoThirtyEightDigitIntegers(WarehouseKind kind, String type) {
        assertThat(Warehouse.of(kind).measureType()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warehouses")
    void shouldGroupTheShippedLangViewByDayAndLangWithAbsentLangAsUnd(Warehouse warehouse) {
        NamedView langDay = ViewCatalog.shipped().find("lang_day").orElseThrow();

        assertThat(warehouse.aggregateQuery(langDay.definition(), "first_copies", null))
                .startsWith("SELECT DATE_TRUNC('day', created_at) AS event_day, COALESCE(LEFT(lang, 256), 'und') AS lang, ")
                .endsWith(" FROM first_copies GROUP BY 1, 2");
    }
}
