package io.lambdaarch.batch.replay;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A committed rebuild of raw_batch from the archive.
 *
 * @param runId the replay's id (also its manifest's name)
 * @param files raw archive files read
 * @param rows rows now in raw_batch
 * @param duration how long the rebuild took
 */
public record ReplayResult(String runId, int files, long rows, Duration duration) {
    public ReplayResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(duration, "duration is null");
    }
}
