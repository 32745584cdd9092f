package io.lambdaarch.speed.jdbc;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.warehouse.WarehouseFailures;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speed job's one retry policy for warehouse work: a transient failure (lost or refused connection, serialization
 * conflict) is retried {@value #MAX_RETRIES} times, 1, 2 and 4 s apart, which usually outlasts a warehouse restart;
 * anything else, or the last failure, is thrown and fails the query, which resumes from its checkpoint when started
 * again. The driver's transactions and the executors' writes of a micro-batch both go through it, so an outage gets
 * the same retries whichever side meets it first.
 */
public final class TransientRetries {
    private static final Logger LOG = LoggerFactory.getLogger(TransientRetries.class);
    static final int MAX_RETRIES = 3;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    private TransientRetries() {
    }

    /** Work against the warehouse that may be run again from its start. */
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** Runs {@code attempt}, again after a pause when it fails transiently, at most {@value #MAX_RETRIES} times more. */
    public static <T> T run(long batchId, Attempt<T> attempt) throws SQLException {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (tried > MAX_RETRIES || !WarehouseFailures.isTransient(e)) {
                    throw e;
                }
                Duration pause = FIRST_PAUSE.multipliedBy(1L << (tried - 1));
                LOG.warn("Batch {}: warehouse failed ({}), retry {} of {} in {} ms", batchId, Failures.rootMessage(e), tried,
                        MAX_RETRIES, pause.toMillis());
                sleep(pause);
            }
        }
    }

    private static void sleep(Duration pause) throws SQLException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting to retry", e);
        }
    }
}
