package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** The ledger's readers and writers over one naming of its tables, for classes that use several of them. */
public final class Ledger {
    private final LandingOffsetsReader landingOffsetsReader;
    private final LandingOffsetsWriter landingOffsetsWriter;
    private final LandingRunsReader landingRunsReader;
    private final LandingRunsWriter landingRunsWriter;
    private final BatchRunsReader batchRunsReader;
    private final BatchRunsWriter batchRunsWriter;
    private final SpeedCommitsReader speedCommitsReader;
    private final SpeedCommitsWriter speedCommitsWriter;
    private final SpeedLeaseReader speedLeaseReader;
    private final SpeedLeaseWriter speedLeaseWriter;
    private final SpeedLateRowsReader speedLateRowsReader;
    private final SpeedLateRowsWriter speedLateRowsWriter;

    /** @param queryTimeout bounds each read; zero for none */
    public Ledger(LedgerTables tables, Duration queryTimeout) {
        requireNonNull(tables, "tables is null");
        requireNonNull(queryTimeout, "queryTimeout is null");
        this.landingOffsetsReader = new LandingOffsetsReader(tables, queryTimeout);
        this.landingOffsetsWriter = new LandingOffsetsWriter(tables);
        this.landingRunsReader = new LandingRunsReader(tables, queryTimeout);
        this.landingRunsWriter = new LandingRunsWriter(tables);
        this.batchRunsReader = new BatchRunsReader(tables, queryTimeout);
        this.batchRunsWriter = new BatchRunsWriter(tables);
        this.speedCommitsReader = new SpeedCommitsReader(tables, queryTimeout);
        this.speedCommitsWriter = new SpeedCommitsWriter(tables);
        this.speedLeaseReader = new SpeedLeaseReader(tables, queryTimeout);
        this.speedLeaseWriter = new SpeedLeaseWriter(tables);
        this.speedLateRowsReader = new SpeedLateRowsReader(tables, queryTimeout);
        this.speedLateRowsWriter = new SpeedLateRowsWriter(tables);
    }

    /** The plain table names (the connection's search path resolves them), reads without a timeout. */
    public static Ledger unqualified() {
        return new Ledger(LedgerTables.unqualified(), Duration.ZERO);
    }

    public LandingOffsetsReader landingOffsetsReader() {
        return landingOffsetsReader;
    }

    public LandingOffsetsWriter landingOffsetsWriter() {
        return landingOffsetsWriter;
    }

    public LandingRunsReader landingRunsReader() {
        return landingRunsReader;
    }

    public LandingRunsWriter landingRunsWriter() {
        return landingRunsWriter;
    }

    public BatchRunsReader batchRunsReader() {
        return batchRunsReader;
    }

    public BatchRunsWriter batchRunsWriter() {
        return batchRunsWriter;
    }

    public SpeedCommitsReader speedCommitsReader() {
        return speedCommitsReader;
    }

    public SpeedCommitsWriter speedCommitsWriter() {
        return speedCommitsWriter;
    }

    public SpeedLeaseReader speedLeaseReader() {
        return speedLeaseReader;
    }

    public SpeedLeaseWriter speedLeaseWriter() {
        return speedLeaseWriter;
    }

    public SpeedLateRowsReader speedLateRowsReader() {
        return speedLateRowsReader;
    }

    public SpeedLateRowsWriter speedLateRowsWriter() {
        return speedLateRowsWriter;
    }
}
