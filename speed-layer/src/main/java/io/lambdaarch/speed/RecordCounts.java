package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.InvalidReason;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the parser saw in one micro-batch.
 *
 * @param valid records that passed validation
 * @param invalid rejected records by reason (reasons with none are absent)
 * @param maxIngestTime newest ingest time among the valid records, if any
 * @param minIngestTime oldest ingest time among the valid records, if any
 */
public record RecordCounts(long valid, Map<InvalidReason, Long> invalid, Optional<Instant> maxIngestTime,
        Optional<Instant> minIngestTime) {
    public RecordCounts {
        invalid = Map.copyOf(requireNonNull(invalid, "invalid is null"));
        requireNonNull(maxIngestTime, "maxIngestTime is null");
        requireNonNull(minIngestTime, "minIngestTime is null");
    }

    public long invalidTotal() {
        return invalid.values().stream().mapToLong(Long::longValue).sum();
    }

    public long total() {
        return valid + invalidTotal();
    }

    /** {@code malformed_json=2, invalid_count=1}, in reason order. */
    public String describeInvalid() {
        return invalid.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().code() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
