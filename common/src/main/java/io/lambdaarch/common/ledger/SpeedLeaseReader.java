package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/** Reads speed_lease: who may write speed_view. */
public final class SpeedLeaseReader {
    private final LedgerTables tables;
    private final Duration queryTimeout;

    public SpeedLeaseReader(LedgerTables tables, Duration queryTimeout) {
        this.tables = requireNonNull(tables, "tables is null");
        this.queryTimeout = LedgerStatements.checkTimeout(requireNonNull(queryTimeout, "queryTimeout is null"));
    }

    /** The lease of {@code queryName}, if any job ever took it. */
    public Optional<SpeedLease> find(Connection connection, String queryName) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, "SELECT query_name, checkpoint, epoch, holder,"
                + " acquired_at, heartbeat_at FROM " + tables.speedLease() + " WHERE query_name = ?", queryTimeout)) {
            query.setString(1, queryName);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SpeedLease(
                        rows.getString("query_name"),
                        rows.getString("checkpoint"),
                        rows.getLong("epoch"),
                        Optional.ofNullable(rows.getString("holder")),
                        UtcTimestamps.instant(rows, "acquired_at").orElseThrow(),
                        UtcTimestamps.instant(rows, "heartbeat_at").orElseThrow()));
            }
        }
    }
}
