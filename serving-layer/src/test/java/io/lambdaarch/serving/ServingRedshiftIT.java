package io.lambdaarch.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.warehouse.TableRewrite;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.common.warehouse.WarehouseKind;
import io.lambdaarch.serving.ServingWorkload.Sums;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The serving layer against a real Amazon Redshift (provisioned or Serverless): it creates the late-binding
 * serving_view, answers the API from it, and keeps answering after batch_view is replaced the way the batch layer
 * replaces it on Redshift (new table, renames, drop, in one transaction), which a view bound to the old table would
 * forbid. Opt-in: runs only when {@code LAMBDA_REDSHIFT_URL} is set (with {@code LAMBDA_REDSHIFT_USER} and
 * {@code LAMBDA_REDSHIFT_PASSWORD}), and it REPLACES serving_view and EMPTIES batch_view, speed_view, batch_runs and
 * speed_commits in schema public of that database, so point it at a throwaway database.
 */
@EnabledIfEnvironmentVariable(named = "LAMBDA_REDSHIFT_URL", matches = ".+")
class ServingRedshiftIT {
    private static final ServingWorkload WORKLOAD = ServingWorkload.generate(20261128L, 300);
    private static Map<String, String> settings;
    private static ServingApplication application;
    private static ApiClient api;

    @BeforeAll
    static void setUp() throws SQLException {
        settings = new HashMap<>();
        settings.put(WarehouseSettings.URL.name(), System.getenv("LAMBDA_REDSHIFT_URL"));
        settings.put(WarehouseSettings.USER.name(), System.getenv("LAMBDA_REDSHIFT_USER"));
        settings.put(WarehouseSettings.PASSWORD.name(), System.getenv("LAMBDA_REDSHIFT_PASSWORD"));
        settings.put(ServingConfig.PORT.name(), "0");
        WarehouseSettings warehouse = WarehouseSettings.from(new ConfigReader(ConfigSource.of(settings)));
        assertThat(warehouse.kind()).isEqualTo(WarehouseKind.REDSHIFT);

        try (Connection connection = new WarehouseConnector(warehouse).open();
                Statement statement = connection.createStatement()) {
            // Start from the generated definition, not whatever an earlier run or an operator left behind.
            statement.execute("DROP VIEW IF EXISTS public.serving_view");
        }
        assertThat(ServingSchema.prepare(warehouse, ServingViewSql.of(warehouse.warehouse(), "public"))).isTrue();
        try (Connection connection = new WarehouseConnector(warehouse).open()) {
            WORKLOAD.load(connection);
        }
        application = ServingApplication.start(ServingConfig.from(ConfigSource.of(settings)),
                Clock.fixed(ServingWorkload.NOW, ZoneOffset.UTC));
        api = new ApiClient(application.baseUri());
    }

    @AfterAll
    static void tearDown() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void shouldAnswerTheExactTotalsFromTheLateBindingView() {
        assertTotals();
    }

    @Test
    void shouldKeepAnsweringAfterTheBatchLayerSwapsBatchView() throws SQLException {
        WarehouseSettings warehouse = WarehouseSettings.from(new ConfigReader(ConfigSource.of(settings)));
        try (Connection connection = new WarehouseConnector(warehouse).open()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // The batch layer's recompute rewrites batch_view with these statements; here with the same rows.
                TableRewrite rewrite = warehouse.warehouse().rewrite("batch_view");
                List<String> statements = new ArrayList<>(rewrite.prepare());
                statements.add("INSERT INTO " + rewrite.target() + " SELECT * FROM batch_view");
                statements.addAll(rewrite.finish());
                for (String sql : statements) {
                    statement.execute(sql);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }

        assertTotals();
    }

    private static void assertTotals() {
        ApiClient.Response response = api.get("/api/totals");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode totals = response.json().get("totals");
        Sums expected = WORKLOAD.totals(null, null);
        assertThat(totals.get("tweet_count").asLong()).isEqualTo(expected.tweetCount());
        assertThat(totals.get("followers_sum").asLong()).isEqualTo(expected.followersSum());
        assertThat(totals.get("favorites_sum").asLong()).isEqualTo(expected.favoritesSum());
        assertThat(totals.get("retweets_sum").asLong()).isEqualTo(expected.retweetsSum());
        assertThat(response.json().get("complete").asBoolean()).isTrue();
    }
}
