package io.lambdaarch.common.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** The schema stores every time as UTC in TIMESTAMP without time zone; these convert to and from {@link Instant}. */
public final class UtcTimestamps {
    private UtcTimestamps() {
    }

    /** The bind value of {@code instant}. */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant in {@code column} of the current row, empty for SQL NULL. */
    public static Optional<Instant> instant(ResultSet rows, String column) throws SQLException {
        return Optional.ofNullable(rows.getObject(column, LocalDateTime.class)).map(value -> value.toInstant(ZoneOffset.UTC));
    }
}
