package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One row of speed_late_rows: a micro-batch read records ingested at or behind the speed layer's watermark, which
 * Spark drops, so speed_view misses them in the ingest buckets from {@code firstBucket} to {@code lastBucket}. Those
 * buckets are short in the merged answer until a batch cutoff passes {@code lastBucket}; the serving layer says
 * {@code complete: false} until then.
 *
 * @param queryName the key of one speed job's rows
 * @param batchId Spark's micro-batch id, committed in the same transaction
 * @param firstBucket the oldest ingest bucket that may miss records
 * @param lastBucket the newest ingest bucket that may miss records
 * @param detectedAt when the micro-batch committed
 */
public record SpeedLateRows(String queryName, long batchId, Instant firstBucket, Instant lastBucket, Instant detectedAt) {
    public SpeedLateRows {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(firstBucket, "firstBucket is null");
        requireNonNull(lastBucket, "lastBucket is null");
        requireNonNull(detectedAt, "detectedAt is null");
        if (lastBucket.isBefore(firstBucket)) {
            throw new IllegalArgumentException("lastBucket " + lastBucket + " is before firstBucket " + firstBucket);
        }
    }
}
