package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.serving.kafka.OffsetsSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/** Builds the freshness block from the warehouse (in the caller's transaction) and the latest Kafka offsets. */
public final class FreshnessService {
    private final FreshnessReader reader;
    private final OffsetsSource offsets;
    private final Clock clock;

    public FreshnessService(FreshnessReader reader, OffsetsSource offsets, Clock clock) {
        this.reader = requireNonNull(reader, "reader is null");
        this.offsets = requireNonNull(offsets, "offsets is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Freshness current(Connection connection) throws SQLException {
        return FreshnessEvaluator.evaluate(reader.read(connection), offsets.current(), clock.instant());
    }
}
