package io.lambdaarch.speed.cli;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.speed.lease.LeaseLostException;
import java.sql.SQLException;
import java.util.Optional;

/** The one line the speed job prints when its running query fails. */
final class QueryFailures {
    private QueryFailures() {
    }

    /**
     * Why the query failed. A warehouse failure (the writer gave up retrying) names the warehouse, which the driver's
     * innermost message ("Connection refused") does not, and says that a restart is safe.
     */
    static String describe(Throwable failure, WarehouseSettings warehouse) {
        // Spark's error conditions (common/utils/src/main/resources/error/error-conditions.json) for state written with
        // another schema: here, a checkpoint of a release whose sums were BIGINT, where they are DECIMAL(38, 0) now.
        if (Failures.chain(failure).stream().map(Throwable::getMessage)
                .anyMatch(m -> m != null && m.contains("STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE"))) {
            return "Speed layer query failed: its checkpoint holds state of another schema (a checkpoint of a release"
                    + " whose sums were BIGINT cannot be resumed): start it once with a new LAMBDA_SPEED_CHECKPOINT and"
                    + " --replace-checkpoint; speed_view is rebuilt from the topic within retention";
        }
        // Fenced by a newer start: restarting this one would only be refused or fence that one in turn.
        Optional<Throwable> fenced = Failures.chain(failure).stream().filter(LeaseLostException.class::isInstance).findFirst();
        if (fenced.isPresent()) {
            return "Speed layer stopped: " + fenced.get().getMessage();
        }
        if (Failures.chain(failure).stream().anyMatch(SQLException.class::isInstance)) {
            return "Speed layer query failed in the warehouse at " + warehouse.redactedUrl() + ": "
                    + Failures.rootMessage(failure) + " (start the job again: it resumes from its checkpoint)";
        }
        return "Speed layer query failed: " + Failures.rootMessage(failure);
    }
}
