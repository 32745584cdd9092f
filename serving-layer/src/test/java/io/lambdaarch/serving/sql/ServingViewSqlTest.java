package io.lambdaarch.serving.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.Warehouse;
import io.lambdaarch.common.warehouse.WarehouseKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ServingViewSqlTest {
    // The DDL lives at the repository root; tests run in serving-layer/.
    private static final Path SQL_DIRECTORY = Path.of("..");
    private static final String REGENERATE = "serving.regenerateSql";

    @ParameterizedTest
    @EnumSource(WarehouseKind.class)
    void shippedScriptShouldEqualTheGeneratedOne(WarehouseKind kind) throws IOException {
        Path file = SQL_DIRECTORY.resolve(Warehouse.of(kind).ddlDirectory()).resolve("serving_view.sql");
        String generated = ServingViewSql.of(Warehouse.of(kind), "public").script();
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s is out of date: regenerate it with -D%s=true", file, REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void postgresViewShouldMergeBatchAndSpeedAtTheCutoff() {
        String sql = ServingViewSql.of(Warehouse.of(WarehouseKind.POSTGRES), "public").createViewStatement();

        assertThat(sql).startsWith("CREATE OR REPLACE VIEW serving_view AS\nSELECT event_hour, location, ")
                .contains("FROM batch_view\n    UNION ALL\n")
                .contains("FROM speed_view\n    WHERE NOT EXISTS (SELECT 1 FROM batch_runs WHERE status = 'succeeded')")
                .contains("OR ingest_bucket >= (SELECT MAX(cutoff) FROM batch_runs WHERE status = 'succeeded'"
                        + " AND finished_at = (SELECT MAX(finished_at) FROM batch_runs WHERE status = 'succeeded'))")
                .contains("CAST(SUM(tweet_count) AS NUMERIC(38, 0)) AS tweet_count")
                .endsWith(") merged GROUP BY 1, 2")
                .doesNotContain("NO SCHEMA BINDING");
    }

    @Test
    void mergedRowsShouldFilterBothBranchesAndKeepTheMergeRule() {
        String sql = ServingViewSql.of(Warehouse.of(WarehouseKind.POSTGRES), "public").mergedRows("event_hour >= ?");

        assertThat(sql).startsWith("SELECT event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum"
                        + ", 0 AS from_speed FROM batch_view WHERE event_hour >= ? UNION ALL SELECT ")
                .contains(", 1 AS from_speed FROM speed_view WHERE (")
                .contains(" FROM speed_view WHERE (NOT EXISTS (SELECT 1 FROM batch_runs WHERE status = 'succeeded')")
                .contains("OR ingest_bucket >= (SELECT MAX(cutoff) FROM batch_runs WHERE status = 'succeeded'")
                .endsWith(") AND (event_hour >= ?)");
        assertThat(ServingViewSql.of(Warehouse.of(WarehouseKind.POSTGRES), "public").mergedRows(""))
                .contains("AS from_speed FROM batch_view UNION ALL SELECT")
                .doesNotContain(" AND (");
    }

    @Test
    void redshiftViewShouldBeLateBindingWithQualifiedTables() {
        String sql = ServingViewSql.of(Warehouse.of(WarehouseKind.REDSHIFT), "analytics").createViewStatement();

        assertThat(sql).startsWith("CREATE OR REPLACE VIEW analytics.serving_view AS")
                .contains("FROM analytics.batch_view", "FROM analytics.speed_view", "FROM analytics.batch_runs")
                .doesNotContain(" batch_view", " speed_view\n", " batch_runs ")
                .endsWith("\nWITH NO SCHEMA BINDING");
    }

    @Test
    void viewShouldFollowTheDefinitionItIsGeneratedFrom() {
        ViewDefinition view = new ViewDefinition(
                List.of(new Dimension("event_hour", "created_at", TimeGrain.HOUR), new Dimension("location", "location", TimeGrain.NONE)),
                List.of(new Measure("n", Aggregation.COUNT, null), new Measure("likes", Aggregation.SUM, "favorite_count")));

        String sql = new ServingViewSql(Warehouse.of(WarehouseKind.POSTGRES), new NamedView("view", view, List.of()), "public")
                .viewQuery();

        assertThat(sql).contains("SELECT event_hour, location, n, likes FROM batch_view")
                .contains("CAST(SUM(n) AS NUMERIC(38, 0)) AS n, CAST(SUM(likes) AS NUMERIC(38, 0)) AS likes")
                .doesNotContain("tweet_count");
    }

    @Test
    void eachDeclaredViewShouldMergeItsOwnTablesByItsOwnDimensions() {
        NamedView langDay = ViewCatalog.shipped().find("lang_day").orElseThrow();

        String postgres = new ServingViewSql(Warehouse.of(WarehouseKind.POSTGRES), langDay, "public").createViewStatement();
        String redshift = new ServingViewSql(Warehouse.of(WarehouseKind.REDSHIFT), langDay, "analytics").createViewStatement();

        assertThat(postgres).startsWith("CREATE OR REPLACE VIEW serving_lang_day AS\nSELECT event_day, lang, ")
                .contains("SELECT event_day, lang, tweet_count, retweets_sum FROM batch_lang_day\n    UNION ALL\n")
                .contains("FROM speed_lang_day\n    WHERE NOT EXISTS (SELECT 1 FROM batch_runs WHERE status = 'succeeded')")
                .contains("CAST(SUM(retweets_sum) AS NUMERIC(38, 0)) AS retweets_sum")
                .endsWith(") merged GROUP BY 1, 2")
                .doesNotContain("batch_view", "speed_view", "followers_sum");
        assertThat(redshift).startsWith("CREATE OR REPLACE VIEW analytics.serving_lang_day AS")
                .contains("FROM analytics.batch_lang_day", "FROM analytics.speed_lang_day", "FROM analytics.batch_runs")
                .contains("CAST(SUM(tweet_count) AS DECIMAL(38, 0)) AS tweet_count")
                .endsWith("\nWITH NO SCHEMA BINDING");
    }

    @Test
    void onlyAViewWithADayRollupShouldReadOne() {
        ServingViewSql tweets = ServingViewSql.of(Warehouse.of(WarehouseKind.POSTGRES), "public");
        ServingViewSql langDay = new ServingViewSql(Warehouse.of(WarehouseKind.POSTGRES),
                ViewCatalog.shipped().find("lang_day").orElseThrow(), "public");

        assertThat(tweets.hasDayRollup()).isTrue();
        assertThat(tweets.batchDayRows("event_day >= ?")).isEqualTo("SELECT event_day AS event_hour, location, tweet_count,"
                + " followers_sum, favorites_sum, retweets_sum, 0 AS from_speed FROM batch_view_day WHERE event_day >= ?");
        assertThat(langDay.hasDayRollup()).isFalse();
        assertThat(langDay.batchRows("event_day >= ?")).isEqualTo("SELECT event_day, lang, tweet_count, retweets_sum,"
                + " 0 AS from_speed FROM batch_lang_day WHERE event_day >= ?");
    }
}
