package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What one Spark micro-batch hands to the warehouse; its changed groups are already in speed_view_incoming
 * ({@link SpeedViewIncoming}), written by the executors.
 *
 * @param queryName the speed_commits key of this job
 * @param queryId Spark's id of the checkpoint (stable across restarts, new when the checkpoint is replaced)
 * @param batchId Spark's micro-batch id
 * @param inputRows Kafka records read by this batch, valid or not
 * @param invalidRows records the validator rejected
 * @param maxIngestTime newest ingest time among this batch's valid records, empty when it had none
 * @param minIngestTime oldest ingest time among this batch's valid records, empty when it had none
 */
public record SpeedBatch(
        String queryName,
        String queryId,
        long batchId,
        long inputRows,
        long invalidRows,
        Optional<Instant> maxIngestTime,
        Optional<Instant> minIngestTime) {
    public SpeedBatch {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(queryId, "queryId is null");
        requireNonNull(maxIngestTime, "maxIngestTime is null");
        requireNonNull(minIngestTime, "minIngestTime is null");
    }
}
