package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What the warehouse says about both layers' progress, read in the same transaction as a response's data;
 * {@code oldestSpeedBucket} (speed_view's oldest bucket) is read only when the latest speed commit has no
 * {@code retained_from}. {@code newestLateBucket} is the newest ingest bucket in which the speed layer dropped records
 * behind its watermark (the ledger's speed_late_rows), if any.
 */
public record WarehouseFreshness(
        Optional<LatestBatchRun> batch, Optional<LatestSpeedCommit> speed, Optional<Instant> oldestSpeedBucket,
        Optional<Instant> newestLateBucket) {
    public WarehouseFreshness {
        requireNonNull(batch, "batch is null");
        requireNonNull(speed, "speed is null");
        requireNonNull(oldestSpeedBucket, "oldestSpeedBucket is null");
        requireNonNull(newestLateBucket, "newestLateBucket is null");
    }

    /** With no bucket short of late records. */
    public WarehouseFreshness(Optional<LatestBatchRun> batch, Optional<LatestSpeedCommit> speed, Optional<Instant> oldestSpeedBucket) {
        this(batch, speed, oldestSpeedBucket, Optional.empty());
    }
}
