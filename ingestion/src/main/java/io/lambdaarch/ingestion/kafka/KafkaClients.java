package io.lambdaarch.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.ingestion.config.ProducerSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the Kafka clients of the ingestion service. Extra client settings from {@code LAMBDA_KAFKA_CLIENT_PROPERTIES}
 * (security, tuning) apply to every client, but cannot switch off what exactly-once delivery rests on: idempotence,
 * {@code acks=all}, unbounded retries within the delivery timeout.
 */
public final class KafkaClients {
    /** The producer's batching, tuned for throughput; the bench gives ProducerPerformance the same. */
    public static final Map<String, Object> BATCHING = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    private static final int REQUEST_TIMEOUT_MS = 30_000;
    // Room for the DLQ headers on top of the largest record.
    private static final int REQUEST_OVERHEAD_BYTES = 64 * 1024;

    private final KafkaSettings kafka;
    private final ProducerSettings producer;

    public KafkaClients(KafkaSettings kafka, ProducerSettings producer) {
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.producer = requireNonNull(producer, "producer is null");
    }

    /** The producer's settings: tuning defaults, then the client properties file, then the settings correctness needs. */
    // Visible for testing
    Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "lambda-ingest");
        config.putAll(BATCHING);
        config.putAll(kafka.clientProperties());

        long deliveryMs = producer.deliveryTimeout().toMillis();
        int lingerMs = Integer.parseInt(String.valueOf(config.get(ProducerConfig.LINGER_MS_CONFIG)));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, producer.compression().externalName());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs);
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(REQUEST_TIMEOUT_MS, deliveryMs - lingerMs));
        // While the broker is away the buffer fills and send() blocks; it must wait as long as delivery may take.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1024 * 1024, producer.maxRecordBytes() + REQUEST_OVERHEAD_BYTES));
        return config;
    }

    /** A new producer; the caller closes it. */
    public Producer<byte[], byte[]> createProducer() {
        return new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A new admin client whose calls give up after the connect timeout; the caller closes it. */
    public Admin createAdmin() {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        int timeoutMs = (int) producer.connectTimeout().toMillis();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "lambda-ingest-admin");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        return Admin.create(config);
    }
}
