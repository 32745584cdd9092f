package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The speed layer's latest applied micro-batch (a {@code speed_commits} row). The optional parts are the nullable
 * columns: the latest ingest time it had seen, the oldest bucket it still holds, and the Kafka offsets it had consumed
 * up to ({@code next_offsets}, JSON).
 */
public record LatestSpeedCommit(
        String queryName,
        long batchId,
        Instant committedAt,
        Optional<Instant> maxIngestTime,
        Optional<Instant> retainedFrom,
        Optional<String> nextOffsets) {
    public LatestSpeedCommit {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(maxIngestTime, "maxIngestTime is null");
        requireNonNull(retainedFrom, "retainedFrom is null");
        requireNonNull(nextOffsets, "nextOffsets is null");
    }
}
