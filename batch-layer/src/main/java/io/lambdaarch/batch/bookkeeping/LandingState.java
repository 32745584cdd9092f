package io.lambdaarch.batch.bookkeeping;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What landing_offsets says about one topic.
 *
 * @param nextOffsets per partition, the next offset to land
 * @param topicId the id of the topic incarnation those offsets belong to (empty before the first run)
 */
public record LandingState(SortedMap<Integer, Long> nextOffsets, Optional<String> topicId) {
    public LandingState {
        nextOffsets = new TreeMap<>(requireNonNull(nextOffsets, "nextOffsets is null"));
        requireNonNull(topicId, "topicId is null");
    }

    public static LandingState empty() {
        return new LandingState(new TreeMap<>(), Optional.empty());
    }

    public boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    public Map<Integer, Long> asMap() {
        return nextOffsets;
    }
}
