package io.lambdaarch.demo.status;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Counts the records a topic holds (end minus beginning offsets over all partitions). On the event topic that is
 * the number of valid unique events ingestion accepted: it validates and drops repeats before producing.
 */
public final class TopicCounter implements AutoCloseable {
    private final Consumer<byte[], byte[]> consumer;

    public TopicCounter(KafkaSettings kafka) {
        this.consumer = new KafkaClientFactory(kafka).consumer(KafkaClientSpec.named("lambda-topic-counter")
                .withDefaults(Map.of(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))
                .withRequired(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)));
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
