package io.lambdaarch.batch.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;

/**
 * Reads offset ranges of single partitions by explicit assignment (never a group subscription: the warehouse, not
 * Kafka, says where landing resumes). One partition at a time, so at most one partition's fetch is in memory.
 *
 * <p>Not thread-safe (it owns one consumer).
 */
public final class PartitionReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);

    /** Receives each record of the range, in offset order. */
    @FunctionalInterface
    public interface RecordHandler {
        void handle(ConsumerRecord<byte[], byte[]> record);
    }

    private final Consumer<byte[], byte[]> consumer;
    private final String bootstrapServers;
    private final String topic;
    private final Duration silenceTimeout;
    private final Clock clock;

    public PartitionReader(Consumer<byte[], byte[]> consumer, String bootstrapServers, String topic, Duration silenceTimeout,
            Clock clock) {
        this.consumer = requireNonNull(consumer, "consumer is null");
        this.bootstrapServers = requireNonNull(bootstrapServers, "bootstrapServers is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.silenceTimeout = requireNonNull(silenceTimeout, "silenceTimeout is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Hands every record of {@code partition} with {@code from <= offset < to} to {@code handler}. Records past
     * {@code to} (appended after the run started) are left for the next run. Fails with one line when Kafka sends
     * nothing for longer than the timeout while records remain, or when the topic does not use LogAppendTime.
     */
    public void read(int partition, long from, long to, RecordHandler handler) {
        TopicPartition topicPartition = new TopicPartition(topic, partition);
        try {
            consumer.assign(List.of(topicPartition));
            consumer.seek(topicPartition, from);
            Instant lastProgress = clock.instant();
            long position = from;
            while (position < to) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                for (ConsumerRecord<byte[], byte[]> record : records.records(topicPartition)) {
                    if (record.offset() >= to) {
                        break;
                    }
                    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new TerseException("Kafka topic " + topic + " stores " + record.timestampType()
                                + " timestamps; the batch layer needs message.timestamp.type=LogAppendTime (docs/design.md#the-boundary-rule)");
                    }
                    handler.handle(record);
                }
                // Transaction markers and compacted gaps have no record, so progress is the consumer's position.
                long newPosition = consumer.position(topicPartition);
                if (newPosition > position) {
                    position = newPosition;
                    lastProgress = clock.instant();
                } else if (Duration.between(lastProgress, clock.instant()).compareTo(silenceTimeout) > 0) {
                    throw new TerseException("Kafka at " + bootstrapServers + " sent nothing for " + silenceTimeout.toSeconds()
                            + " s while partition " + partition + " still has records " + position + " to " + (to - 1));
                }
            }
        } catch (KafkaException e) {
            throw new TerseException("Cannot read partition " + partition + " of Kafka topic " + topic + ": "
                    + Failures.rootMessage(e), e);
        }
    }

    /** Mirrors landed offsets to the consumer group, for lag dashboards only; the warehouse stays the truth. */
    public void commitInformational(Map<Integer, Long> nextOffsets) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        nextOffsets.forEach((partition, next) -> offsets.put(new TopicPartition(topic, partition), new OffsetAndMetadata(next)));
        consumer.commitSync(offsets);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
