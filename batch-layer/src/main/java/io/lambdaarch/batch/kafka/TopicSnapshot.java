package io.lambdaarch.batch.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of the topic when a run starts: its id (which changes when a topic is deleted and created again under
 * the same name), and per partition the first available offset and the end offset (the last stable offset, so
 * records of open transactions are not counted as landed).
 *
 * @param topic the topic name
 * @param topicId the broker's id of this incarnation of the topic
 * @param earliest per partition, the first offset still in the log
 * @param latest per partition, the end offset captured at {@code capturedAt}
 * @param capturedAt the job's clock just before the end offsets were requested
 */
public record TopicSnapshot(String topic, String topicId, SortedMap<Integer, Long> earliest, SortedMap<Integer, Long> latest,
        Instant capturedAt) {
    public TopicSnapshot {
        requireNonNull(topic, "topic is null");
        requireNonNull(topicId, "topicId is null");
        earliest = new TreeMap<>(requireNonNull(earliest, "earliest is null"));
        latest = new TreeMap<>(requireNonNull(latest, "latest is null"));
        requireNonNull(capturedAt, "capturedAt is null");
        if (!earliest.keySet().equals(latest.keySet())) {
            throw new IllegalArgumentException("earliest and latest offsets must cover the same partitions");
        }
    }

    /** Records of {@code partition} after {@code nextOffset} (from the log start when none is landed yet). */
    public long lag(int partition, Optional<Long> nextOffset) {
        long start = earliest.get(partition);
        long from = Math.max(nextOffset.orElse(start), start);
        return Math.max(0, latest.get(partition) - from);
    }

    /** Records of all partitions after {@code nextOffsets}. */
    public long lag(Map<Integer, Long> nextOffsets) {
        long lag = 0;
        for (Integer partition : latest.keySet()) {
            lag += lag(partition, Optional.ofNullable(nextOffsets.get(partition)));
        }
        return lag;
    }
}
