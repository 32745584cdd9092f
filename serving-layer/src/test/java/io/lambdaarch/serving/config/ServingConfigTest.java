package io.lambdaarch.serving.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.ConfigException;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.warehouse.WarehouseKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingConfigTest {
    private static final String URL = "jdbc:postgresql://localhost:15432/lambda";

    @Test
    void shouldUseDefaults() {
        ServingConfig config = ServingConfig.from(ConfigSource.of(Map.of("LAMBDA_WAREHOUSE_URL", URL)));

        assertThat(config.warehouse().jdbcUrl()).isEqualTo(URL);
        assertThat(config.warehouse().kind()).isEqualTo(WarehouseKind.POSTGRES);
        assertThat(config.kafka()).isEmpty();
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.poolSize()).isEqualTo(8);
        assertThat(config.queueSize()).isEqualTo(32);
        assertThat(config.allowedHosts()).isEmpty();
        assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.lagRefresh()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.warehouseSchema()).isEqualTo("public");
        assertThat(config.cacheRows()).isEqualTo(200_000);
        assertThat(config.indexRows()).isEqualTo(4_000_000);
    }

    @Test
    void shouldMapEverySetting() {
        ServingConfig config = ServingConfig.from(ConfigSource.of(Map.ofEntries(
                Map.entry("LAMBDA_WAREHOUSE_URL", "jdbc:redshift://example:5439/dev"),
                Map.entry("LAMBDA_KAFKA_BOOTSTRAP", "broker:9092"),
                Map.entry("LAMBDA_KAFKA_TOPIC", "posts"),
                Map.entry("LAMBDA_SERVING_HOST", "0.0.0.0"),
                Map.entry("LAMBDA_SERVING_PORT", "9090"),
                Map.entry("LAMBDA_SERVING_POOL_SIZE", "3"),
                Map.entry("LAMBDA_SERVING_QUEUE_SIZE", "0"),
                Map.entry("LAMBDA_SERVING_ALLOWED_HOSTS", " Dashboard.Example.com, .internal.example ,"),
                Map.entry("LAMBDA_SERVING_QUERY_TIMEOUT", "12s"),
                Map.entry("LAMBDA_SERVING_LAG_REFRESH", "250ms"),
                Map.entry("LAMBDA_SERVING_SCHEMA", "analytics"),
                Map.entry("LAMBDA_SERVING_CACHE_ROWS", "0"),
                Map.entry("LAMBDA_SERVING_INDEX_ROWS", "0"))));

        assertThat(config.warehouse().kind()).isEqualTo(WarehouseKind.REDSHIFT);
        assertThat(config.kafka()).hasValueSatisfying(kafka -> {
            assertThat(kafka.bootstrapServers()).isEqualTo("broker:9092");
            assertThat(kafka.topic()).isEqualTo("posts");
        });
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(9090);
        assertThat(config.poolSize()).isEqualTo(3);
        assertThat(config.queueSize()).isZero();
        assertThat(config.allowedHosts()).containsExactly("dashboard.example.com", ".internal.example");
        assertThat(config.queryTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(config.lagRefresh()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.warehouseSchema()).isEqualTo("analytics");
        assertThat(config.cacheRows()).isZero();
        assertThat(config.indexRows()).isZero();
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> ServingConfig.from(ConfigSource.of(Map.of(
                "LAMBDA_SERVING_PORT", "80000",
                "LAMBDA_SERVING_POOL_SIZE", "0",
                "LAMBDA_SERVING_QUEUE_SIZE", "-1",
                "LAMBDA_SERVING_ALLOWED_HOSTS", "ok.example, evil.example:8080",
                "LAMBDA_SERVING_QUERY_TIMEOUT", "1500ms",
                "LAMBDA_SERVING_LAG_REFRESH", "soon",
                "LAMBDA_SERVING_SCHEMA", "public; DROP TABLE x"))))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .hasSize(8)
                        .anySatisfy(p -> assertThat(p).startsWith("Missing LAMBDA_WAREHOUSE_URL"))
                        .anySatisfy(p -> assertThat(p).contains("80000", "LAMBDA_SERVING_PORT"))
                        .anySatisfy(p -> assertThat(p).contains("LAMBDA_SERVING_POOL_SIZE"))
                        .anySatisfy(p -> assertThat(p).contains("LAMBDA_SERVING_QUEUE_SIZE"))
                        .anySatisfy(p -> assertThat(p).contains("LAMBDA_SERVING_ALLOWED_HOSTS", "evil.example:8080"))
                        .anySatisfy(p -> assertThat(p).contains("LAMBDA_SERVING_QUERY_TIMEOUT", "whole number of seconds"))
                        .anySatisfy(p -> assertThat(p).contains("LAMBDA_SERVING_LAG_REFRESH"))
                        .anySatisfy(p -> assertThat(p).contains("LAMBDA_SERVING_SCHEMA")));
    }
}
