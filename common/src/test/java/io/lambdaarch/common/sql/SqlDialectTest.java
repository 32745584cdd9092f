package io.lambdaarch.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.TweetView;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqlDialectTest {
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

    private static String aggregateSelect(SqlDialect dialect) {
        return switch (dialect.kind()) {
            case POSTGRES -> POSTGRES_AGGREGATE;
            case REDSHIFT -> REDSHIFT_AGGREGATE;
        };
    }

    static Stream<SqlDialect> dialects() {
        return Stream.of(new PostgresDialect(), new RedshiftDialect());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void shouldAggregateRawRowsByEventHourAndLocation(SqlDialect dialect) {
        assertThat(dialect.aggregateQuery(TweetView.DEFINITION, "raw_batch", "ingest_time < ?"))
                .isEqualTo(aggregateSelect(dialect) + " WHERE ingest_time < ? GROUP BY 1, 2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void shouldAggregateWithoutWhereWhenFilterIsNullOrBlank(SqlDialect dialect) {
        String expected = aggregateSelect(dialect) + " GROUP BY 1, 2";

        assertThat(dialect.aggregateQuery(TweetView.DEFINITION, "raw_batch", null)).isEqualTo(expected);
        assertThat(dialect.aggregateQuery(TweetView.DEFINITION, "raw_batch", "  ")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void shouldReaggregateViewRowsBySummingMeasures(SqlDialect dialect) {
        String rows = "SELECT * FROM batch_view UNION ALL SELECT event_hour, location, tweet_count, followers_sum, "
                + "favorites_sum, retweets_sum FROM speed_view WHERE ingest_bucket >= ?";

        String type = dialect.measureType();

        assertThat(dialect.reaggregateQuery(TweetView.DEFINITION, rows))
                .isEqualTo("SELECT event_hour, location, CAST(SUM(tweet_count) AS " + type + ") AS tweet_count, "
                        + "CAST(SUM(followers_sum) AS " + type + ") AS followers_sum, "
                        + "CAST(SUM(favorites_sum) AS " + type + ") AS favorites_sum, "
                        + "CAST(SUM(retweets_sum) AS " + type + ") AS retweets_sum "
                        + "FROM (" + rows + ") merged GROUP BY 1, 2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POSTGRES, 'NUMERIC(38, 0)'", "REDSHIFT, 'DECIMAL(38, 0)'"})
    void shouldSumIntoThirtyEightDigitIntegers(WarehouseKind kind, String type) {
        assertThat(kind.dialect().measureType()).isEqualTo(type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void shouldSetSessionTimeZoneToUtc(SqlDialect dialect) {
        assertThat(dialect.sessionSetup()).containsExactly("SET TIME ZONE 'UTC'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"POSTGRES, sql/postgres/schema.sql", "REDSHIFT, sql/redshift/schema.sql"})
    void shouldNameTheSchemaScriptOfItsWarehouse(WarehouseKind kind, String script) {
        SqlDialect dialect = kind.dialect();

        assertThat(dialect.kind()).isEqualTo(kind);
        assertThat(dialect.schemaScripts()).containsExactly(script);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "jdbc:postgresql://localhost:15432/lambda, POSTGRES",
        "jdbc:postgresql:lambda, POSTGRES",
        "JDBC:PostgreSQL://localhost/lambda, POSTGRES",
        "jdbc:redshift://cluster.example.com:5439/dev, REDSHIFT",
        "jdbc:redshift:iam://cluster.example.com:5439/dev, REDSHIFT",
        "Jdbc:RedShift://cluster.example.com:5439/dev, REDSHIFT"})
    void shouldRecognizeWarehouseByJdbcUrl(String url, WarehouseKind expected) {
        assertThat(WarehouseKind.fromJdbcUrl(url)).contains(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"jdbc:mysql://localhost/lambda", "jdbc:postgres://localhost/lambda",
        "postgresql://localhost/lambda", "jdbc:redshiftx", "jdbc:", ""})
    void shouldRecognizeNoOtherWarehouse(String url) {
        assertThat(WarehouseKind.fromJdbcUrl(url)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WarehouseKind.class)
    void shouldNameDriverThatIsOnTheClasspath(WarehouseKind kind) throws ClassNotFoundException {
        assertThat(java.sql.Driver.class).isAssignableFrom(Class.forName(kind.driverClassName()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WarehouseKind.class)
    void shouldListEveryPrefixInErrorMessages(WarehouseKind kind) {
        assertThat(WarehouseKind.supportedPrefixes())
                .isEqualTo("jdbc:postgresql: or jdbc:redshift:")
                .contains(kind.urlPrefix());
    }
}
