package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of speed_commits: a speed-layer micro-batch applied to speed_view in the same transaction. The optional
 * parts are the nullable columns.
 *
 * @param queryName the key of one speed job's rows
 * @param queryId Spark's id of the checkpoint (new when the checkpoint was replaced)
 * @param batchId Spark's micro-batch id
 * @param committedAt when the transaction committed
 * @param ingestWatermark {@code maxIngestTime - watermark delay}: records ingested before it are late for Spark
 * @param maxIngestTime newest ingest time applied so far
 * @param retainedFrom speed_view holds every ingest bucket from here on
 * @param ingestBucketSeconds the ingest bucket size the job aggregated by
 * @param inputRows Kafka records the batch read, valid or not
 * @param invalidRows records the validator rejected
 * @param rowsUpserted speed_view rows the batch wrote
 * @param nextOffsets JSON {@code {"<partition>": <next offset to read>, ...}} after this batch
 */
public record SpeedCommit(
        String queryName,
        String queryId,
        long batchId,
        Instant committedAt,
        Optional<Instant> ingestWatermark,
        Optional<Instant> maxIngestTime,
        Optional<Instant> retainedFrom,
        long ingestBucketSeconds,
        long inputRows,
        long invalidRows,
        long rowsUpserted,
        Optional<String> nextOffsets) {
    public SpeedCommit {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(queryId, "queryId is null");
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(ingestWatermark, "ingestWatermark is null");
        requireNonNull(maxIngestTime, "maxIngestTime is null");
        requireNonNull(retainedFrom, "retainedFrom is null");
        requireNonNull(nextOffsets, "nextOffsets is null");
    }
}
