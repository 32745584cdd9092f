package io.lambdaarch.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.localstack.kafka.SaslSslKafka;
import io.lambdaarch.serving.config.ServingConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving layer's lag check against a broker that takes only TLS and SCRAM: from the settings a deployment gives
 * ({@code LAMBDA_KAFKA_SECURITY=scram-sha-512}, user, password, truststore), through {@code ServingConfig} and the
 * common factory, the monitor reads the end offsets of what the test wrote.
 */
class TopicOffsetsMonitorSaslSslIT {
    private static final String TOPIC = "serving-sasl";
    private static final int RECORDS = 25;

    @Test
    void shouldReadTheEndOffsetsOverSaslSsl(@TempDir Path directory) throws Exception {
        try (SaslSslKafka broker = SaslSslKafka.start(directory)) {
            broker.createPipelineTopics(TOPIC, TOPIC + ".dlq", 2);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(TOPIC, i % 2, Integer.toString(i), "{}")).get();
                }
            }
            Map<String, String> settings = new HashMap<>(broker.clientSettings());
            settings.put(KafkaSettings.TOPIC.name(), TOPIC);
            settings.put(KafkaSettings.DLQ_TOPIC.name(), TOPIC + ".dlq");
            settings.put(WarehouseSettings.URL.name(), "jdbc:postgresql://127.0.0.1:5432/unused");
            KafkaSettings kafka = ServingConfig.from(ConfigSource.of(settings)).kafka().orElseThrow();

            try (TopicOffsetsMonitor monitor = new TopicOffsetsMonitor(TopicOffsetsMonitor.createAdmin(new KafkaClientFactory(kafka)),
                    TOPIC, Duration.ofMillis(500), Clock.systemUTC(), Optional::empty)) {
                monitor.start();

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(monitor.current().offsets())
                        .as(monitor.current().unavailableReason())
                        .hasValueSatisfying(offsets -> assertThat(offsets.end()).isEqualTo(Map.of(0, 13L, 1, 12L))));
            }
        }
    }
}
