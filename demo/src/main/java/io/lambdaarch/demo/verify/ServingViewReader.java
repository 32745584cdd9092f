package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.WarehouseConnector;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/** Reads the whole of {@code serving_view} back, as any SQL client would. */
public final class ServingViewReader {
    private final WarehouseConnector connector;

    public ServingViewReader(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    public ViewSnapshot read() throws SQLException {
        Map<ViewKey, Measures> groups = new HashMap<>();
        try (Connection connection = connector.open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT event_hour, location, tweet_count, followers_sum,"
                        + " favorites_sum, retweets_sum FROM " + Tables.SERVING_VIEW)) {
            while (rows.next()) {
                ViewKey key = new ViewKey(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC), rows.getString(2));
                Measures measures = new Measures(exact(rows, 3), exact(rows, 4), exact(rows, 5), exact(rows, 6));
                if (groups.put(key, measures) != null) {
                    throw new SQLException("serving_view has two rows for " + key);
                }
            }
        }
        return new ViewSnapshot(groups);
    }

    // The measures are NUMERIC(38, 0): getLong would fail on a sum past 2^63.
    private static BigInteger exact(ResultSet rows, int column) throws SQLException {
        return rows.getBigDecimal(column).toBigIntegerExact();
    }
}
