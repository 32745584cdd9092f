package io.lambdaarch.bench.kafka;

import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a topic holds and when the broker stored the first and the last of them. On a LogAppendTime
 * topic these are the broker's own stamps, so {@code count / (last - first)} is the rate at which the broker took the
 * records in, measured the same way whichever producer wrote them (JVM start-up and connection set-up excluded).
 *
 * @param count records in the topic
 * @param first the earliest stamp (first record of each partition)
 * @param last the latest stamp (last record of each partition)
 */
public record TopicTimeline(long count, Instant first, Instant last) {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** Reads the timeline of {@code topic}; it must not be empty. */
    public static TopicTimeline of(String bootstrapServers, String topic) {
        try (Consumer<byte[], byte[]> consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            long count = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (TopicPartition partition : partitions) {
                if (end.get(partition) <= begin.get(partition)) {
                    continue;
                }
                count += end.get(partition) - begin.get(partition);
                first = Math.min(first, timestampAt(consumer, partition, begin.get(partition)));
                last = Math.max(last, timestampAt(consumer, partition, end.get(partition) - 1));
            }
            if (count == 0) {
                throw new IllegalStateException("topic " + topic + " is empty");
            }
            return new TopicTimeline(count, Instant.ofEpochMilli(first), Instant.ofEpochMilli(last));
        }
    }

    /** Records per second between the first and the last stamp (a span under 1 ms counts as 1 ms). */
    public double ratePerSecond() {
        long millis = Math.max(1, Duration.between(first, last).toMillis());
        return count * 1000.0 / millis;
    }

    private static Consumer<byte[], byte[]> consumer(String bootstrapServers) {
        return KafkaClientFactory.forLocalBroker(bootstrapServers).consumer(KafkaClientSpec.named("lambda-bench-timeline")
                .withRequired(Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1)));
    }

    private static List<TopicPartition> partitions(Consumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, TIMEOUT).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static long timestampAt(Consumer<byte[], byte[]> consumer, TopicPartition partition, long offset) {
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
            if (!records.isEmpty()) {
                return records.iterator().next().timestamp();
            }
        }
        throw new IllegalStateException("no record at offset " + offset + " of " + partition + " within " + TIMEOUT);
    }
}
