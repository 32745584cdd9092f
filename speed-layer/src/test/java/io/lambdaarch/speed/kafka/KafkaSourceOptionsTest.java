package io.lambdaarch.speed.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSourceOptionsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void shouldStartAtNowMinusRetentionAndReadTheConfiguredTopic() {
        SpeedLayerConfig config = config(Map.of("LAMBDA_SPEED_RETENTION", "6h", "LAMBDA_KAFKA_TOPIC", "posts"));

        assertThat(KafkaSourceOptions.of(config, NOW)).isEqualTo(Map.of(
                "kafka.bootstrap.servers", "broker:9092",
                "subscribe", "posts",
                "startingTimestamp", Long.toString(Instant.parse("2026-11-26T06:00:00Z").toEpochMilli()),
                "startingOffsetsByTimestampStrategy", "latest",
                "failOnDataLoss", "true",
                // Bounded by default: a first start reads the retention window in steps.
                "maxOffsetsPerTrigger", "200000"));
    }

    @Test
    void shouldCapRecordsPerBatchWhenConfigured() {
        SpeedLayerConfig config = config(Map.of("LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER", "500"));

        assertThat(KafkaSourceOptions.of(config, NOW)).containsEntry("maxOffsetsPerTrigger", "500");
    }

    @Test
    void shouldPassClientSettingsExceptThoseSparkManages(@TempDir Path dir) throws Exception {
        Path properties = dir.resolve("client.properties");
        Files.writeString(properties, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\ngroup.id=batch\n"
                + "auto.offset.reset=earliest\n");
        SpeedLayerConfig config = config(Map.of("LAMBDA_KAFKA_CLIENT_PROPERTIES", properties.toString()));

        assertThat(KafkaSourceOptions.of(config, NOW))
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "SCRAM-SHA-512")
                .doesNotContainKeys("kafka.group.id", "kafka.auto.offset.reset");
    }

    private static SpeedLayerConfig config(Map<String, String> extra) {
        return SpeedLayerConfig.from(ConfigSource.of(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "broker:9092",
                "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://db:5432/lambda")).withOverrides(extra, "test"), false);
    }
}
