package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Counts the events serving_view answers for, on one connection kept open, so it can be polled every few ms. */
public final class ServingViewCounter implements AutoCloseable {
    private final Connection connection;
    private final PreparedStatement count;

    public ServingViewCounter(WarehouseConnector connector) throws SQLException {
        requireNonNull(connector, "connector is null");
        this.connection = connector.open();
        try {
            this.count = connection.prepareStatement("SELECT COALESCE(SUM(tweet_count), 0) FROM " + Tables.SERVING_VIEW);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** The events counted by serving_view now. */
    public long count() throws SQLException {
        try (ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
