package io.lambdaarch.demo.fault.harness;

import java.time.Duration;
import java.time.Instant;

/** When a batch run's cutoff can pass what was ingested: the fault tests' runs use the clock, as in production. */
public final class BatchCutoff {
    private BatchCutoff() {
    }

    /**
     * Waits until a batch run's cutoff can pass events ingested by {@code ingestedBy}: the cutoff is landed_through (the
     * clock less {@code margin}, {@code LAMBDA_BATCH_CLOCK_MARGIN}) floored to {@code bucket}, so it passes them one
     * bucket and the margin later (and a second, for the clocks' rounding). A run any earlier leaves them to the speed
     * layer, exact but not yet in batch_view.
     */
    public static void awaitPassable(Instant ingestedBy, Duration bucket, Duration margin) throws InterruptedException {
        long bucketMillis = bucket.toMillis();
        Instant bucketStart = Instant.ofEpochMilli(Math.floorDiv(ingestedBy.toEpochMilli(), bucketMillis) * bucketMillis);
        long wait = Duration.between(Instant.now(), bucketStart.plus(bucket).plus(margin).plusSeconds(1)).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
