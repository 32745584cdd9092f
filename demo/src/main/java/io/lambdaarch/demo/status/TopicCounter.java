package io.lambdaarch.demo.status;

import io.lambdaarch.common.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Counts the records a topic holds (end minus beginning offsets over all partitions). On the event topic that is
 * the number of valid unique events ingestion accepted: it validates and drops repeats before producing.
 */
public final class TopicCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicCounter(KafkaSettings kafka) {
        Map<String, Object> config = new HashMap<>(kafka.clientProperties());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Records currently in {@code topic}. */
    public long count(String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(15)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(15));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(15));
        return partitions.stream().mapToLong(p -> end.get(p) - begin.get(p)).sum();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
