package io.lambdaarch.common.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** The schema stores every time as UTC in TIMESTAMP without time zone; these convert to and from {@link Instant}. */
public final class UtcTimestamps {
    private static final DateTimeFormatter LITERAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

    private UtcTimestamps() {
    }

    /**
     * {@code TIMESTAMP 'yyyy-MM-dd HH:mm:ss.ffffff'}: {@code instant} as a SQL literal both warehouses read, for a
     * statement that takes no bind parameters (CREATE TABLE AS). Microseconds are the warehouses' precision.
     */
    public static String literal(Instant instant) {
        if (instant.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("a TIMESTAMP holds microseconds, not the nanoseconds of " + instant);
        }
        return "TIMESTAMP '" + LITERAL.format(utc(instant)) + "'";
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
