package io.lambdaarch.serving.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Prepared statements with a timeout and bound parameters, and the UTC timestamp conversions of the schema. */
public final class SqlStatements {
    private SqlStatements() {
    }

    /** A statement for {@code sql} with {@code parameters} bound in order; the caller closes it. */
    public static PreparedStatement prepare(Connection connection, String sql, int timeoutSeconds, List<?> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** The bind value of an instant: the warehouse stores UTC in TIMESTAMP without time zone. */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant of a TIMESTAMP holding UTC, or null for SQL NULL. */
    public static Instant instant(LocalDateTime utc) {
        if (utc == null) {
            return null;
        }
        return utc.toInstant(ZoneOffset.UTC);
    }
}
