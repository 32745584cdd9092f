package io.lambdaarch.serving.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The first retained and the next-to-be-written offset of every partition of the topic, as the brokers reported
 * them at {@code fetchedAt}; and, when the speed layer's progress was known then, the first offset of each partition
 * ingested after the newest record the speed layer had applied.
 */
public record TopicOffsets(
        Instant fetchedAt, Map<Integer, Long> earliest, Map<Integer, Long> end, Optional<IngestedAfter> ingestedAfter) {
    public TopicOffsets {
        requireNonNull(fetchedAt, "fetchedAt is null");
        earliest = Map.copyOf(requireNonNull(earliest, "earliest is null"));
        end = Map.copyOf(requireNonNull(end, "end is null"));
        requireNonNull(ingestedAfter, "ingestedAfter is null");
        if (!earliest.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("earliest and end offsets cover different partitions: "
                    + earliest.keySet() + " and " + end.keySet());
        }
    }

    /** Per partition, the first offset whose ingest time is after {@code ingestTime} (the end offset if none is). */
    public record IngestedAfter(Instant ingestTime, Map<Integer, Long> offsets) {
        public IngestedAfter {
            requireNonNull(ingestTime, "ingestTime is null");
            offsets = Map.copyOf(requireNonNull(offsets, "offsets is null"));
        }
    }
}
