package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a committed landing run did.
 *
 * @param runId the run's id (also its manifest's name)
 * @param startedAt when the run started
 * @param finishedAt when its transaction committed
 * @param landedThrough the landed_through it recorded
 * @param validRecords records loaded into raw_batch
 * @param invalidRecords records written to quarantine
 * @param files archive files written (raw and quarantine)
 * @param archiveBytes compressed bytes written to S3
 * @param kafkaBytes record value bytes read from Kafka
 * @param warnings what the operator should know
 */
public record LandingResult(
        String runId,
        Instant startedAt,
        Instant finishedAt,
        Instant landedThrough,
        long validRecords,
        long invalidRecords,
        int files,
        long archiveBytes,
        long kafkaBytes,
        List<String> warnings) {
    public LandingResult {
        requireNonNull(runId, "runId is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(landedThrough, "landedThrough is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
