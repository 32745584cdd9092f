package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.common.ledger.LandingRunsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.WarehouseConnector;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the batch layer recorded about its own runs in the ledger: each run's counts and times, measured by the job
 * around its work (JVM start-up and configuration excluded).
 */
public final class RecordedRuns {
    private final WarehouseConnector connector;
    private final LandingRunsReader landingRuns = new LandingRunsReader(LedgerTables.unqualified());
    private final BatchRunsReader batchRuns = new BatchRunsReader(LedgerTables.unqualified());

    public RecordedRuns(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    /** The landing run that finished last. */
    public LandingRun latestLanding() throws SQLException {
        try (Connection connection = connector.open()) {
            return landingRuns.lastFinished(connection).orElseThrow(
                    () -> new SQLException(LedgerTables.unqualified().landingRuns() + " is empty: the landing run recorded nothing"));
        }
    }

    /** The latest successful recompute. */
    public BatchRun latestRecompute() throws SQLException {
        try (Connection connection = connector.open()) {
            return batchRuns.latestSucceeded(connection).orElseThrow(() -> new SQLException(
                    LedgerTables.unqualified().batchRuns() + " has no succeeded run: the recompute recorded nothing"));
        }
    }
}
