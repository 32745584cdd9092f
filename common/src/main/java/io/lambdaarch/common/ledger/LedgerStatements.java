package io.lambdaarch.common.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/** Prepared statements of the ledger's readers, each bounded by the reader's query timeout. */
final class LedgerStatements {
    private LedgerStatements() {
    }

    /** A statement for {@code sql}; the caller closes it. A zero timeout means none, as in JDBC. */
    static PreparedStatement prepare(Connection connection, String sql, Duration queryTimeout) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(Math.toIntExact(queryTimeout.toSeconds()));
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    static Duration checkTimeout(Duration queryTimeout) {
        if (queryTimeout.isNegative()) {
            throw new IllegalArgumentException("queryTimeout is negative: " + queryTimeout);
        }
        return queryTimeout;
    }
}
