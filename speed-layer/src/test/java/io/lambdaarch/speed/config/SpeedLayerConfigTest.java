package io.lambdaarch.speed.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.ConfigException;
import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSecurityMode;
import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.warehouse.WarehouseKind;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SpeedLayerConfigTest {
    private static final Map<String, String> REQUIRED = Map.of(
            "LAMBDA_KAFKA_BOOTSTRAP", "broker:9092",
            "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://db:5432/lambda");

    @Test
    void shouldUseDefaultsForEverythingButTheRequiredSettings() {
        SpeedLayerConfig config = SpeedLayerConfig.from(ConfigSource.of(REQUIRED), false);

        assertThat(config.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(config.kafka().topic()).isEqualTo("tweets");
        assertThat(config.warehouse().kind()).isEqualTo(WarehouseKind.POSTGRES);
        assertThat(config.pipeline().ingestBucket()).isEqualTo(Duration.ofHours(1));
        assertThat(config.pipeline().speedRetention()).isEqualTo(Duration.ofHours(48));
        assertThat(config.checkpointLocation()).isEqualTo(".lambda/speed-checkpoint");
        assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.maxOffsetsPerTrigger()).isEmpty();
        assertThat(config.watermarkDelay()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.once()).isFalse();
        assertThat(config.metrics().port()).as("no metrics endpoint unless asked for").isEmpty();
        assertThat(config.metrics().host()).isEqualTo("127.0.0.1");
    }

    @Test
    void shouldMapEverySettingToItsField() {
        Map<String, String> settings = new HashMap<>(REQUIRED);
        settings.put("LAMBDA_KAFKA_TOPIC", "posts");
        settings.put("LAMBDA_WAREHOUSE_URL", "jdbc:redshift://cluster:5439/dev");
        settings.put("LAMBDA_INGEST_BUCKET", "1m");
        settings.put("LAMBDA_SPEED_RETENTION", "6h");
        settings.put("LAMBDA_SPEED_CHECKPOINT", "s3a://bucket/speed");
        settings.put("LAMBDA_SPEED_TRIGGER_INTERVAL", "5s");
        settings.put("LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER", "10000");
        settings.put("LAMBDA_SPEED_WATERMARK_DELAY", "2m");
        settings.put("LAMBDA_SPEED_METRICS_PORT", "9401");
        settings.put("LAMBDA_METRICS_HOST", "0.0.0.0");

        SpeedLayerConfig config = SpeedLayerConfig.from(ConfigSource.of(settings), true);

        assertThat(config.kafka().topic()).isEqualTo("posts");
        assertThat(config.warehouse().kind()).isEqualTo(WarehouseKind.REDSHIFT);
        assertThat(config.pipeline().ingestBucket()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.pipeline().speedRetention()).isEqualTo(Duration.ofHours(6));
        assertThat(config.checkpointLocation()).isEqualTo("s3a://bucket/speed");
        assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxOffsetsPerTrigger()).isEqualTo(OptionalLong.of(10_000));
        assertThat(config.watermarkDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.metrics().port()).hasValue(9401);
        assertThat(config.metrics().host()).isEqualTo("0.0.0.0");
        assertThat(config.once()).isTrue();
    }

    @Test
    void shouldReadTheAwsCredentialsAndTheKafkaSecurity() {
        Map<String, String> settings = new HashMap<>(REQUIRED);
        settings.put("AWS_ACCESS_KEY_ID", "ASIATEMPORARY");
        settings.put("AWS_SECRET_ACCESS_KEY", "temporary-secret");
        settings.put("AWS_SESSION_TOKEN", "session-token");
        settings.put("LAMBDA_KAFKA_SECURITY", "msk-iam");

        SpeedLayerConfig config = SpeedLayerConfig.from(ConfigSource.of(settings), false);

        assertThat(config.awsCredentials()).isEqualTo(new AwsCredentialSettings(Optional.of("ASIATEMPORARY"),
                Optional.of(new Secret("temporary-secret")), Optional.of(new Secret("session-token"))));
        assertThat(config.kafka().security().mode()).isEqualTo(KafkaSecurityMode.MSK_IAM);
        assertThat(SpeedLayerConfig.from(ConfigSource.of(REQUIRED), false).awsCredentials())
                .isEqualTo(AwsCredentialSettings.DEFAULT_CHAIN);
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        Map<String, String> settings = new HashMap<>();
        settings.put("LAMBDA_SPEED_TRIGGER_INTERVAL", "soon");
        settings.put("LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER", "0");
        settings.put("LAMBDA_SPEED_WATERMARK_DELAY", "-5s");

        assertThatThrownBy(() -> SpeedLayerConfig.from(ConfigSource.of(settings), false))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "Missing LAMBDA_KAFKA_BOOTSTRAP: expected host:port[,host:port...] of the Kafka brokers",
                        "Missing LAMBDA_WAREHOUSE_URL: expected a JDBC URL such as jdbc:postgresql://localhost:15432/lambda"
                                + " or jdbc:redshift://host:5439/dev",
                        "Invalid value soon for LAMBDA_SPEED_TRIGGER_INTERVAL (from given): expected a duration such as"
                                + " 500ms, 30s, 5m, 2h, 7d or PT30S",
                        "Invalid value 0 for LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER (from given): expected an integer of at least 1",
                        "Invalid value -5s for LAMBDA_SPEED_WATERMARK_DELAY (from given): expected a duration such as"
                                + " 500ms, 30s, 5m, 2h, 7d or PT30S"));
    }

    @Test
    void shouldRequireAWatermarkDelayShorterThanRetention() {
        Map<String, String> settings = new HashMap<>(REQUIRED);
        settings.put("LAMBDA_SPEED_RETENTION", "2h");
        settings.put("LAMBDA_SPEED_WATERMARK_DELAY", "3h");

        assertThatThrownBy(() -> SpeedLayerConfig.from(ConfigSource.of(settings), false))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "LAMBDA_SPEED_WATERMARK_DELAY (3h) must be shorter than LAMBDA_SPEED_RETENTION (2h)"));
    }
}
