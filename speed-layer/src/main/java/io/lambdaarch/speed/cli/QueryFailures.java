package io.lambdaarch.speed.cli;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.error.Failures;
import java.sql.SQLException;

/** The one line the speed job prints when its running query fails. */
final class QueryFailures {
    private QueryFailures() {
    }

    /**
     * Why the query failed. A warehouse failure (the writer gave up retrying) names the warehouse, which the driver's
     * innermost message ("Connection refused") does not, and says that a restart is safe.
     */
    static String describe(Throwable failure, WarehouseSettings warehouse) {
        if (Failures.chain(failure).stream().anyMatch(SQLException.class::isInstance)) {
            return "Speed layer query failed in the warehouse at " + warehouse.redactedUrl() + ": "
                    + Failures.rootMessage(failure) + " (start the job again: it resumes from its checkpoint)";
        }
        return "Speed layer query failed: " + Failures.rootMessage(failure);
    }
}
