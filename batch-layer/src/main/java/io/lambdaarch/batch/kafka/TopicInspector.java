package io.lambdaarch.batch.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Reads a {@link TopicSnapshot} through the admin API: partitions and topic id, then earliest and end offsets. */
public final class TopicInspector {
    private final KafkaClients clients;
    private final Clock clock;

    public TopicInspector(KafkaClients clients, Clock clock) {
        this.clients = requireNonNull(clients, "clients is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The topic's state now; one readable line if Kafka cannot be reached or the topic does not exist. */
    public TopicSnapshot snapshot(String topic) {
        try (Admin admin = clients.admin()) {
            TopicDescription description = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic);
            Map<TopicPartition, OffsetSpec> earliestSpec = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latestSpec = new HashMap<>();
            description.partitions().forEach(p -> {
                earliestSpec.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latestSpec.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
            ListOffsetsOptions committed = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
            SortedMap<Integer, Long> earliest = offsets(get(admin.listOffsets(earliestSpec, committed).all()));
            Instant capturedAt = clock.instant();
            SortedMap<Integer, Long> latest = offsets(get(admin.listOffsets(latestSpec, committed).all()));
            return new TopicSnapshot(topic, description.topicId().toString(), earliest, latest, capturedAt);
        } catch (UnknownTopicOrPartitionException e) {
            throw new TerseException("Kafka topic " + topic + " does not exist at " + clients.settings().bootstrapServers(), e);
        }
    }

    private static SortedMap<Integer, Long> offsets(Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result) {
        SortedMap<Integer, Long> offsets = new TreeMap<>();
        result.forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        return offsets;
    }

    private <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(clients.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
                throw unknown;
            }
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while talking to Kafka", e);
        }
    }

    private TerseException unreachable(Throwable cause) {
        return new TerseException("Cannot reach Kafka at " + clients.settings().bootstrapServers() + " within "
                + clients.timeout().toSeconds() + " s: " + Failures.rootMessage(cause), cause);
    }
}
