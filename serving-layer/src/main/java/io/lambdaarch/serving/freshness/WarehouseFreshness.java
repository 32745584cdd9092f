package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What the warehouse says about both layers' progress, read in the same transaction as a response's data;
 * {@code oldestSpeedBucket} (speed_view's oldest bucket) is read only when the latest speed commit has no
 * {@code retained_from}.
 */
public record WarehouseFreshness(
        Optional<LatestBatchRun> batch, Optional<LatestSpeedCommit> speed, Optional<Instant> oldestSpeedBucket) {
    public WarehouseFreshness {
        requireNonNull(batch, "batch is null");
        requireNonNull(speed, "speed is null");
        requireNonNull(oldestSpeedBucket, "oldestSpeedBucket is null");
    }
}
