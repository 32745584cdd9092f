package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.UtcTimestamps;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Reads speed_late_rows: the ingest buckets speed_view may be short in. */
public final class SpeedLateRowsReader {
    private final LedgerTables tables;
    private final Duration queryTimeout;

    public SpeedLateRowsReader(LedgerTables tables, Duration queryTimeout) {
        this.tables = requireNonNull(tables, "tables is null");
        this.queryTimeout = LedgerStatements.checkTimeout(requireNonNull(queryTimeout, "queryTimeout is null"));
    }

    /** The newest ingest bucket any speed job found late records in, if any: answers are short until a cutoff passes it. */
    public Optional<Instant> newestLateBucket(Connection connection) throws SQLException {
        try (PreparedStatement query = LedgerStatements.prepare(connection, newestLateBucketQuery("newest"), queryTimeout);
                ResultSet rows = query.executeQuery()) {
            rows.next();
            return UtcTimestamps.instant(rows, "newest");
        }
    }

    /** A one-row query of the newest late bucket (NULL when none) as {@code alias}, for a statement of the caller's. */
    public String newestLateBucketQuery(String alias) {
        return "SELECT MAX(last_bucket) AS " + alias + " FROM " + tables.speedLateRows();
    }
}
