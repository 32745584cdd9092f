package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.LandingRun;
import java.time.Duration;
import java.util.List;

/**
 * What a committed landing run did.
 *
 * @param run the landing_runs row it committed (counts, files, bytes in S3, landed_through)
 * @param kafkaBytes record value bytes read from Kafka
 * @param warnings what the operator should know
 */
public record LandingResult(LandingRun run, long kafkaBytes, List<String> warnings) {
    public LandingResult {
        requireNonNull(run, "run is null");
        warnings = List.copyOf(requireNonNull(warnings, "warnings is null"));
    }

    public Duration duration() {
        return Duration.between(run.startedAt(), run.finishedAt());
    }
}
