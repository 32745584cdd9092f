package io.lambdaarch.batch.job;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.sql.WarehouseFailures;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Replays a transaction the warehouse aborted for a serialization conflict (Redshift's error 1023 or SQLSTATE
 * 40001), with doubling pauses. Only for work that is one transaction from start to end and rolls back on failure,
 * so a replay starts from the same state: recompute and archive replay. Any other failure, or the last conflict,
 * is thrown.
 */
final class ConflictRetry {
    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    @FunctionalInterface
    interface Transaction<T> {
        T run() throws SQLException;
    }

    static final int DEFAULT_RETRIES = 4;
    static final Duration DEFAULT_FIRST_PAUSE = Duration.ofSeconds(1);

    private final int retries;
    private final Duration firstPause;
    private final Pause pause;
    private final Consumer<String> log;

    ConflictRetry(int retries, Duration firstPause, Pause pause, Consumer<String> log) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        this.retries = retries;
        this.firstPause = requireNonNull(firstPause, "firstPause is null");
        this.pause = requireNonNull(pause, "pause is null");
        this.log = requireNonNull(log, "log is null");
    }

    <T> T run(String step, Transaction<T> transaction) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.run();
            } catch (SQLException e) {
                if (attempt > retries || !WarehouseFailures.isSerializationConflict(e)) {
                    throw e;
                }
                Duration wait = firstPause.multipliedBy(1L << (attempt - 1));
                log.accept(step + ": serialization conflict with a concurrent transaction (" + Failures.rootMessage(e)
                        + "); nothing was committed, replaying it in " + wait.toMillis() + " ms (retry " + attempt
                        + " of " + retries + ")");
                try {
                    pause.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    e.addSuppressed(interrupted);
                    throw e;
                }
            }
        }
    }
}
