package io.lambdaarch.batch.metrics;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.LandingRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Collects what one command does as it goes, so its report holds whatever committed before a failure. */
public final class BatchRunRecorder {
    private final String command;
    private final Clock clock;
    private final Instant startedAt;
    // one command on one thread: no synchronization needed
    private Duration lockWait;
    private LockHolder lockHolder;
    private LandingRun landing;
    private BatchRun recompute;

    public BatchRunRecorder(String command, Clock clock) {
        this.command = requireNonNull(command, "command is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.startedAt = clock.instant();
    }

    /** The lock is held, or the wait for it ended. */
    public void lockWaitEnded() {
        lockWait = Duration.between(startedAt, clock.instant());
    }

    /** The run gave up on the lock that {@code holder} holds. */
    public void lockHeldBy(LockHolder holder) {
        lockHolder = requireNonNull(holder, "holder is null");
    }

    public void landed(LandingRun run) {
        landing = requireNonNull(run, "run is null");
    }

    public void recomputed(BatchRun run) {
        recompute = requireNonNull(run, "run is null");
    }

    public BatchRunReport finish(RunOutcome outcome) {
        return new BatchRunReport(command, outcome, startedAt, clock.instant(), Optional.ofNullable(lockWait),
                Optional.ofNullable(lockHolder),
                Optional.ofNullable(landing), Optional.ofNullable(recompute));
    }
}
