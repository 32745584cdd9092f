package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What landing_offsets says about one topic: its rows, one per partition.
 *
 * @param nextOffsets per partition, the next offset to land
 * @param topicId the id of the topic incarnation those offsets belong to (empty before the first run)
 */
public record LandingOffsets(SortedMap<Integer, Long> nextOffsets, Optional<String> topicId) {
    public LandingOffsets {
        nextOffsets = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(nextOffsets, "nextOffsets is null")));
        requireNonNull(topicId, "topicId is null");
    }

    public static LandingOffsets empty() {
        return new LandingOffsets(new TreeMap<>(), Optional.empty());
    }

    public boolean isEmpty() {
        return nextOffsets.isEmpty();
    }

    public Map<Integer, Long> asMap() {
        return nextOffsets;
    }
}
