package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.SpeedLateRows;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one micro-batch in the warehouse: the speed_commits row it wrote or found, and what it changed.
 *
 * @param batchId Spark's micro-batch id
 * @param applied false when the batch had been committed before (a replay after a crash) and was skipped
 * @param committedAt when the transaction committed (for a skipped batch: when it was first committed)
 * @param maxIngestTime newest ingest time applied so far, if any
 * @param ingestWatermark {@code maxIngestTime - watermark delay}: records ingested before it are late for Spark
 * @param retainedFrom speed_view holds every ingest bucket from here on; older ones are deleted
 * @param rowsUpserted speed_view rows written by this batch
 * @param rowsExpired speed_view rows deleted by retention in this batch
 * @param late the ingest buckets this batch read records at or behind the watermark in (Spark drops them), if any
 */
public record SpeedBatchResult(
        long batchId,
        boolean applied,
        Instant committedAt,
        Optional<Instant> maxIngestTime,
        Optional<Instant> ingestWatermark,
        Instant retainedFrom,
        long rowsUpserted,
        long rowsExpired,
        Optional<SpeedLateRows> late) {
    public SpeedBatchResult {
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(maxIngestTime, "maxIngestTime is null");
        requireNonNull(ingestWatermark, "ingestWatermark is null");
        requireNonNull(retainedFrom, "retainedFrom is null");
        requireNonNull(late, "late is null");
    }
}
