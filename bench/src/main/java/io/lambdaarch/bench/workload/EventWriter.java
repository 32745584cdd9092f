package io.lambdaarch.bench.workload;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import io.lambdaarch.ingestion.config.ProducerSettings;
import io.lambdaarch.ingestion.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes bench events to a topic with the producer settings ingestion uses (idempotent, {@code acks=all}, lz4,
 * keyed by event id), either as fast as possible ({@link #write}) or paced ({@link #send} from a caller's loop).
 */
public final class EventWriter implements AutoCloseable {
    /**
     * What ingestion's producer uses: its batching (ingestion's KafkaClients.BATCHING), its default compression, and
     * the settings its exactly-once delivery rests on; ProducerPerformance gets the same.
     */
    public static final Map<String, String> INGESTION_PRODUCER_SETTINGS = ingestionProducerSettings();

    private static Map<String, String> ingestionProducerSettings() {
        Map<String, String> settings = new HashMap<>();
        KafkaClients.BATCHING.forEach((key, value) -> settings.put(key, String.valueOf(value)));
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, ProducerSettings.COMPRESSION.defaultValue().orElseThrow().externalName());
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        return Map.copyOf(settings);
    }

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final BenchEvents events;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** A writer to {@code topic}; {@code lingerMs} overrides ingestion's batching delay (the freshness figure uses less). */
    public EventWriter(String bootstrapServers, String topic, BenchEvents events, int lingerMs) {
        this.topic = requireNonNull(topic, "topic is null");
        this.events = requireNonNull(events, "events is null");
        this.producer = KafkaClientFactory.forLocalBroker(bootstrapServers).producer(KafkaClientSpec.named("lambda-bench")
                .withRequired(INGESTION_PRODUCER_SETTINGS)
                .withRequired(Map.of(ProducerConfig.LINGER_MS_CONFIG, lingerMs)));
    }

    /** Sends events {@code from} (inclusive) to {@code to} (exclusive) and waits until Kafka has them all. */
    public void write(long from, long to) {
        for (long index = from; index < to; index++) {
            send(index);
        }
        flush();
    }

    /** Sends event {@code index} without waiting. */
    public void send(long index) {
        TweetEvent event = events.event(index);
        byte[] key = event.id().getBytes(StandardCharsets.UTF_8);
        byte[] value = events.canonical(event);
        producer.send(new ProducerRecord<>(topic, key, value), (metadata, exception) -> {
            if (exception != null) {
                failure.compareAndSet(null, exception);
            }
        });
    }

    /** Waits until Kafka acknowledged everything sent; fails if any record was lost. */
    public void flush() {
        producer.flush();
        Exception e = failure.get();
        if (e != null) {
            throw new TerseException("Kafka did not take the bench's events: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
