package io.lambdaarch.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import io.lambdaarch.common.kafka.KafkaPreflight;
import io.lambdaarch.ingestion.config.ProducerSettings;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The ingestion service's Kafka clients, built by the common {@link KafkaClientFactory} (its Javadoc has the
 * precedence). Extra client settings from {@code LAMBDA_KAFKA_CLIENT_PROPERTIES} (security, tuning) may replace the
 * batching defaults but not what exactly-once delivery rests on: idempotence, {@code acks=all}, unbounded retries
 * within the delivery timeout, and the timeouts and compression from ingestion's own settings.
 */
public final class KafkaClients {
    /** The producer's batching, tuned for throughput; the bench gives ProducerPerformance the same. */
    public static final Map<String, Object> BATCHING = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 20,
            ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    private static final int REQUEST_TIMEOUT_MS = 30_000;
    // Room for the DLQ headers on top of the largest record.
    private static final int REQUEST_OVERHEAD_BYTES = 64 * 1024;

    private final KafkaClientFactory factory;
    private final ProducerSettings producer;

    public KafkaClients(KafkaClientFactory factory, ProducerSettings producer) {
        this.factory = requireNonNull(factory, "factory is null");
        this.producer = requireNonNull(producer, "producer is null");
    }

    /** The producer's settings: tuning defaults, then the client properties file, then the settings correctness needs. */
    // Visible for testing
    Map<String, Object> producerConfig() {
        return factory.config(producerSpec());
    }

    private KafkaClientSpec producerSpec() {
        long deliveryMs = producer.deliveryTimeout().toMillis();
        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms; linger.ms may come from the file.
        String linger = factory.settings().clientProperties().get(ProducerConfig.LINGER_MS_CONFIG);
        int lingerMs = linger == null ? (Integer) BATCHING.get(ProducerConfig.LINGER_MS_CONFIG) : Integer.parseInt(linger.strip());
        return KafkaClientSpec.named("lambda-ingest")
                .withDefaults(BATCHING)
                .withRequired(Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE,
                        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG, producer.compression().externalName(),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(REQUEST_TIMEOUT_MS, deliveryMs - lingerMs),
                        // While the broker is away the buffer fills and send() blocks; it must wait as long as delivery may take.
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, deliveryMs,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1024 * 1024, producer.maxRecordBytes() + REQUEST_OVERHEAD_BYTES)));
    }

    /** A new producer; the caller closes it. */
    public Producer<byte[], byte[]> createProducer() {
        return factory.producer(producerSpec());
    }

    /** The check that the broker answers within the connect timeout and both topics exist. */
    public KafkaPreflight preflight() {
        return new KafkaPreflight(factory, "lambda-ingest-admin", producer.connectTimeout());
    }
}
