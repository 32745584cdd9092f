package io.lambdaarch.serving.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * The first retained and the next-to-be-written offset of every partition of the topic, as the brokers reported
 * them at {@code fetchedAt}.
 */
public record TopicOffsets(Instant fetchedAt, Map<Integer, Long> earliest, Map<Integer, Long> end) {
    public TopicOffsets {
        requireNonNull(fetchedAt, "fetchedAt is null");
        earliest = Map.copyOf(requireNonNull(earliest, "earliest is null"));
        end = Map.copyOf(requireNonNull(end, "end is null"));
        if (!earliest.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("earliest and end offsets cover different partitions: "
                    + earliest.keySet() + " and " + end.keySet());
        }
    }
}
