package io.lambdaarch.batch.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.LandingRun;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What one batch command did, for its metrics.
 *
 * @param command the command ({@code run}, {@code land}, {@code recompute}, {@code replay-archive})
 * @param outcome how it ended
 * @param startedAt when it started
 * @param finishedAt when it ended
 * @param lockWait time from start until it held the warehouse lock (or gave up on it); connecting included
 * @param lockHolder the run that held the lock when this one gave up on it, as the warehouse tells it
 * @param landing the landing run it committed, if any
 * @param recompute the recompute it committed, if any
 */
public record BatchRunReport(
        String command,
        RunOutcome outcome,
        Instant startedAt,
        Instant finishedAt,
        Optional<Duration> lockWait,
        Optional<LockHolder> lockHolder,
        Optional<LandingRun> landing,
        Optional<BatchRun> recompute) {
    public BatchRunReport {
        requireNonNull(command, "command is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(lockWait, "lockWait is null");
        requireNonNull(lockHolder, "lockHolder is null");
        requireNonNull(landing, "landing is null");
        requireNonNull(recompute, "recompute is null");
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }
}
