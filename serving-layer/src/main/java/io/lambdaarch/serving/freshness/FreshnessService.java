package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.serving.kafka.OffsetsSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/** Builds the freshness block from the warehouse (in the caller's transaction) and the latest Kafka offsets. */
public final class FreshnessService {
    private final FreshnessReader reader;
    private final OffsetsSource offsets;
    private final Clock clock;
    private final ViewCompleteness completeness;

    public FreshnessService(FreshnessReader reader, OffsetsSource offsets, Clock clock, ViewCompleteness completeness) {
        this.reader = requireNonNull(reader, "reader is null");
        this.completeness = requireNonNull(completeness, "completeness is null");
        this.offsets = requireNonNull(offsets, "offsets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Freshness current(Connection connection) throws SQLException {
        return read(connection).freshness();
    }

    /**
     * The freshness block and the version of the data in the caller's transaction: the same ledger rows give both,
     * so knowing the version costs no query beyond the freshness block every response carries anyway.
     */
    public FreshnessReading read(Connection connection) throws SQLException {
        WarehouseFreshness warehouse = reader.read(connection);
        return new FreshnessReading(FreshnessEvaluator.evaluate(warehouse, offsets.current(), clock.instant()),
                DataVersion.of(warehouse));
    }

    /**
     * Like {@link #read(Connection)} for a request about {@code view}: the block is also incomplete while that view is
     * not whole ({@link ViewCompleteness}), and the ledger rows of both come from one statement.
     */
    public FreshnessReading read(Connection connection, NamedView view) throws SQLException {
        LedgerReading ledger = reader.read(connection, view.name());
        Freshness freshness = FreshnessEvaluator.evaluate(ledger.warehouse(), offsets.current(), clock.instant());
        return new FreshnessReading(completeness.apply(view, ledger.definition(), freshness),
                DataVersion.of(ledger.warehouse()));
    }
}
