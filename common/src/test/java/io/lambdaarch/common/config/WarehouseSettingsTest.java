package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.sql.WarehouseKind;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseSettingsTest {

    @Test
    void testDefaults() {
        assertThat(Settings.read(Map.of("LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://localhost:15432/lambda"),
                WarehouseSettings::from)).isEqualTo(new WarehouseSettings(
                "jdbc:postgresql://localhost:15432/lambda", "", new Secret(""), WarehouseKind.POSTGRES));
    }

    @Test
    void testExplicitPropertyMappings() {
        WarehouseSettings settings = Settings.read(Map.of(
                "LAMBDA_WAREHOUSE_URL", "jdbc:redshift://cluster.example.com:5439/dev",
                "LAMBDA_WAREHOUSE_USER", "pipeline",
                "LAMBDA_WAREHOUSE_PASSWORD", "s3cr3t-warehouse",
                "LAMBDA_WAREHOUSE_SOCKET_TIMEOUT", "90m",
                "LAMBDA_WAREHOUSE_TCP_KEEPALIVE", "false"), WarehouseSettings::from);

        assertThat(settings).isEqualTo(new WarehouseSettings("jdbc:redshift://cluster.example.com:5439/dev", "pipeline",
                new Secret("s3cr3t-warehouse"), WarehouseKind.REDSHIFT, Duration.ofMinutes(90), false));
    }

    @Test
    void shouldGiveTheDriversSocketTimeoutInWholeSecondsAndKeepalive() {
        assertThat(new WarehouseSettings("jdbc:postgresql://db/lambda", "", new Secret(""), WarehouseKind.POSTGRES)
                .driverProperties()).containsEntry("socketTimeout", "3600").containsEntry("tcpKeepAlive", "true");
        assertThat(new WarehouseSettings("jdbc:postgresql://db/lambda", "", new Secret(""), WarehouseKind.POSTGRES,
                Duration.ofMillis(1500), false).driverProperties())
                .containsEntry("socketTimeout", "2").containsEntry("tcpKeepAlive", "false");
    }

    @Test
    void shouldRejectANegativeSocketTimeout() {
        assertThat(Settings.problems(Map.of("LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://db/lambda",
                "LAMBDA_WAREHOUSE_SOCKET_TIMEOUT", "-5s", "LAMBDA_WAREHOUSE_TCP_KEEPALIVE", "maybe"), WarehouseSettings::from))
                .hasSize(2);
    }

    @Test
    void shouldRequireUrl() {
        assertThat(Settings.problems(Map.of("LAMBDA_WAREHOUSE_USER", "pipeline"), WarehouseSettings::from))
                .containsExactly(
                "Missing LAMBDA_WAREHOUSE_URL: expected a JDBC URL such as jdbc:postgresql://localhost:15432/lambda "
                        + "or jdbc:redshift://host:5439/dev");
    }

    @Test
    void shouldRejectUnsupportedWarehouse() {
        assertThat(Settings.problems(Map.of("LAMBDA_WAREHOUSE_URL", "jdbc:mysql://localhost/lambda"),
                WarehouseSettings::from)).containsExactly(
                "Invalid value jdbc:mysql://localhost/lambda for LAMBDA_WAREHOUSE_URL (from given): "
                        + "expected a JDBC URL starting with jdbc:postgresql: or jdbc:redshift:");
    }

    @Test
    void shouldReportBadWarehouseTogetherWithOtherSettings() {
        assertThat(Settings.problems(Map.of(
                "LAMBDA_WAREHOUSE_URL", "postgresql://localhost/lambda",
                "LAMBDA_INGEST_BUCKET", "hourly"), reader -> {
                    WarehouseSettings.from(reader);
                    return PipelineSettings.from(reader);
                })).containsExactly(
                "Invalid value postgresql://localhost/lambda for LAMBDA_WAREHOUSE_URL (from given): "
                        + "expected a JDBC URL starting with jdbc:postgresql: or jdbc:redshift:",
                "Invalid value hourly for LAMBDA_INGEST_BUCKET (from given): "
                        + "expected a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S");
    }

    @Test
    void shouldNotPrintPassword() {
        WarehouseSettings settings = Settings.read(Map.of(
                "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://localhost:15432/lambda",
                "LAMBDA_WAREHOUSE_PASSWORD", "s3cr3t-warehouse"), WarehouseSettings::from);

        assertThat(settings.toString()).doesNotContain("s3cr3t").contains("password=[hidden]");
        assertThat(settings.password().reveal()).isEqualTo("s3cr3t-warehouse");
    }
}
