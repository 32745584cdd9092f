package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the whole of a declared view's serving view ({@code serving_<name>}) back, as any SQL client would. */
public final class DeclaredViewReader {
    private final WarehouseConnector connector;

    public DeclaredViewReader(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    public DeclaredViewSnapshot read(NamedView view) throws SQLException {
        Map<List<Object>, List<BigInteger>> groups = new HashMap<>();
        List<Dimension> dimensions = view.definition().dimensions();
        String columns = String.join(", ", view.definition().allColumns());
        try (Connection connection = connector.open();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT " + columns + " FROM " + view.servingView())) {
            while (rows.next()) {
                List<Object> key = new ArrayList<>();
                for (int i = 0; i < dimensions.size(); i++) {
                    key.add(dimensions.get(i).grain().isTime()
                            ? rows.getObject(i + 1, LocalDateTime.class).toInstant(ZoneOffset.UTC)
                            : rows.getString(i + 1));
                }
                List<BigInteger> measures = new ArrayList<>();
                for (int i = dimensions.size() + 1; i <= view.definition().allColumns().size(); i++) {
                    // NUMERIC(38, 0): getLong would fail on a sum past 2^63.
                    measures.add(rows.getBigDecimal(i).toBigIntegerExact());
                }
                if (groups.put(List.copyOf(key), List.copyOf(measures)) != null) {
                    throw new SQLException(view.servingView() + " has two rows for " + key);
                }
            }
        }
        return new DeclaredViewSnapshot(view, groups);
    }
}
