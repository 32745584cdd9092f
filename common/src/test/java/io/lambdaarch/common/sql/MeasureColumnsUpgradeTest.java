package io.lambdaarch.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasureColumnsUpgradeTest {
    private static final List<String> SERVING_VIEW = List.of("CREATE OR REPLACE VIEW serving_view AS SELECT 1");

    @Test
    void shouldDoNothingWhenEveryMeasureIsWide() {
        for (WarehouseKind kind : WarehouseKind.values()) {
            assertThat(MeasureColumnsUpgrade.of(kind.dialect()).statements(List.of(), List.of(), SERVING_VIEW, List.of()))
                    .isEmpty();
        }
    }

    @Test
    void shouldAlterColumnTypesOnPostgresAroundServingView() {
        List<String> statements = MeasureColumnsUpgrade.of(new PostgresDialect())
                .statements(List.of("batch_view", "speed_view"), List.of(), SERVING_VIEW, List.of(
                        new MeasureColumnsUpgrade.Grant("lambda_serving", "SELECT"),
                        new MeasureColumnsUpgrade.Grant("PUBLIC", "SELECT"),
                        new MeasureColumnsUpgrade.Grant("odd\"name", "SELECT")));

        String widen = "ALTER COLUMN tweet_count TYPE NUMERIC(38, 0), ALTER COLUMN followers_sum TYPE NUMERIC(38, 0), "
                + "ALTER COLUMN favorites_sum TYPE NUMERIC(38, 0), ALTER COLUMN retweets_sum TYPE NUMERIC(38, 0)";
        assertThat(statements).containsExactly(
                "DROP VIEW IF EXISTS serving_view",
                "ALTER TABLE batch_view " + widen,
                "ALTER TABLE speed_view " + widen,
                SERVING_VIEW.get(0),
                "GRANT SELECT ON serving_view TO \"lambda_serving\"",
                "GRANT SELECT ON serving_view TO PUBLIC",
                "GRANT SELECT ON serving_view TO \"odd\"\"name\"");
    }

    @Test
    void shouldRebuildTableOnRedshiftFromItsSchemaDefinition() {
        String create = "CREATE TABLE IF NOT EXISTS speed_view (\n    ingest_bucket TIMESTAMP NOT NULL\n)\nDISTSTYLE ALL";
        List<String> schema = List.of("CREATE TABLE IF NOT EXISTS speed_view_other (x INT)", create);

        List<String> statements = MeasureColumnsUpgrade.of(new RedshiftDialect())
                .statements(List.of("speed_view"), schema, List.of(), List.of());

        String columns = "ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum";
        assertThat(statements).containsExactly(
                "DROP TABLE IF EXISTS speed_view_wide",
                "CREATE TABLE speed_view_wide (\n    ingest_bucket TIMESTAMP NOT NULL\n)\nDISTSTYLE ALL",
                "INSERT INTO speed_view_wide (" + columns + ") SELECT " + columns + " FROM speed_view",
                "DROP TABLE speed_view",
                "ALTER TABLE speed_view_wide RENAME TO speed_view");
    }

    @Test
    void shouldCreateServingViewAgainOnRedshiftWhenItExistsBesideTheTables() {
        String create = "CREATE TABLE IF NOT EXISTS batch_view (\n    event_hour TIMESTAMP NOT NULL\n)";

        List<String> statements = MeasureColumnsUpgrade.of(new RedshiftDialect())
                .statements(List.of("batch_view"), List.of(create), SERVING_VIEW, List.of());

        assertThat(statements).endsWith("ALTER TABLE batch_view_wide RENAME TO batch_view", "DROP VIEW IF EXISTS serving_view",
                SERVING_VIEW.get(0));
    }

    @Test
    void shouldLookOnlyForBigintMeasuresOfTheViewTables() {
        assertThat(MeasureColumnsUpgrade.of(new PostgresDialect()).narrowTablesQuery()).isEqualTo(
                "SELECT DISTINCT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name IN ('batch_view', 'speed_view')"
                        + " AND column_name IN ('tweet_count', 'followers_sum', 'favorites_sum', 'retweets_sum')"
                        + " AND data_type = 'bigint' ORDER BY table_name");
    }
}
