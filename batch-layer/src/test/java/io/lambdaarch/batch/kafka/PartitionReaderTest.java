package io.lambdaarch.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.error.TerseException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class PartitionReaderTest {
    private static final TopicPartition PARTITION = new TopicPartition("tweets", 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");

    @Test
    void shouldHandOverExactlyTheRangeAndLeaveLaterRecords() {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.schedulePollTask(() -> {
            for (long offset = 3; offset < 8; offset++) {
                consumer.addRecord(record(offset, TimestampType.LOG_APPEND_TIME));
            }
        });
        List<Long> offsets = new ArrayList<>();

        reader(Duration.ofSeconds(5)).read(1, 3, 6, r -> offsets.add(r.offset()));

        assertThat(offsets).containsExactly(3L, 4L, 5L);
    }

    @Test
    void shouldRefuseRecordsWithoutBrokerIngestTimes() {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.schedulePollTask(() -> consumer.addRecord(record(0, TimestampType.CREATE_TIME)));

        assertThatThrownBy(() -> reader(Duration.ofSeconds(5)).read(1, 0, 1, r -> { }))
                .isInstanceOf(TerseException.class).hasMessageContaining("LogAppendTime");
    }

    @Test
    void shouldGiveUpWhenKafkaStaysSilentWhileRecordsRemain() {
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));

        assertThatThrownBy(() -> reader(Duration.ofMillis(300)).read(1, 0, 10, r -> { }))
                .isInstanceOf(TerseException.class).hasMessageContaining("sent nothing for 0 s while partition 1 still has records 0 to 9");
    }

    private PartitionReader reader(Duration timeout) {
        return new PartitionReader(consumer, "broker:9092", "tweets", timeout, Clock.systemUTC());
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, TimestampType type) {
        return new ConsumerRecord<>("tweets", 1, offset, 1_000L + offset, type, 0, 2, null, new byte[] {'{', '}'},
                new RecordHeaders(), Optional.empty());
    }
}
