package io.lambdaarch.ingestion.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.ingestion.config.Compression;
import io.lambdaarch.ingestion.config.ProducerSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
    private static final ProducerSettings PRODUCER =
            new ProducerSettings(Compression.ZSTD, Duration.ofMinutes(3), Duration.ofSeconds(10), 2 * 1024 * 1024);

    @Test
    void shouldConfigureAnIdempotentCompressedProducerThatRetriesWithinTheDeliveryTimeout() {
        Map<String, Object> config = new KafkaClients(new KafkaClientFactory(settings(Map.of())), PRODUCER).producerConfig();

        assertThat(config).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE)
                .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd")
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 180_000L)
                .containsEntry(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * 1024 * 1024 + 64 * 1024);
        assertThat((Integer) config.get(ProducerConfig.LINGER_MS_CONFIG)).isPositive();
    }

    @Test
    void shouldLetClientPropertiesTuneButNotWeakenDelivery() {
        Map<String, Object> config = new KafkaClients(new KafkaClientFactory(settings(Map.of(
                "security.protocol", "SASL_SSL",
                "linger.ms", "50",
                "enable.idempotence", "false",
                "acks", "1"))), PRODUCER).producerConfig();

        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("linger.ms", "50")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }

    @Test
    void shouldKeepTheRequestTimeoutInsideAShortDeliveryTimeout() {
        ProducerSettings shortDelivery = new ProducerSettings(Compression.LZ4, Duration.ofSeconds(10), Duration.ofSeconds(5), 1024);
        Map<String, Object> config = new KafkaClients(new KafkaClientFactory(settings(Map.of())), shortDelivery).producerConfig();

        int linger = (Integer) config.get(ProducerConfig.LINGER_MS_CONFIG);
        int request = (Integer) config.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
        assertThat(linger + request).isLessThanOrEqualTo(10_000);
    }

    private static KafkaSettings settings(Map<String, String> clientProperties) {
        return new KafkaSettings("broker:9092", "tweets", "tweets.dlq", clientProperties);
    }
}
