package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.ViewDefinition;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measures of one group (tweet_count, followers_sum, ...), by column name in the view's order. Exact integers: a
 * sum passes 2^63, and JSON writes a {@link BigInteger} as a plain integer of any size.
 */
public record Measures(Map<String, BigInteger> values) {
    public Measures {
        // Map.copyOf would lose the order, which is the view's column order in every response.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
    }

    /** Reads the view's measure columns of the current row. */
    static Measures read(ResultSet row, ViewDefinition view) throws SQLException {
        return read(row, view, "");
    }

    /** Reads the view's measures from the current row's columns named {@code prefix} + measure. */
    static Measures read(ResultSet row, ViewDefinition view, String prefix) throws SQLException {
        Map<String, BigInteger> values = new LinkedHashMap<>();
        for (String column : view.measureColumns()) {
            values.put(column, row.getBigDecimal(prefix + column).toBigIntegerExact());
        }
        return new Measures(values);
    }

    /** Each measure plus the same measure of {@code other}. */
    public Measures plus(Measures other) {
        Map<String, BigInteger> sums = new LinkedHashMap<>();
        values.forEach((column, value) -> sums.put(column, value.add(other.get(column))));
        return new Measures(sums);
    }

    /** Each measure minus the same measure of {@code other}. */
    public Measures minus(Measures other) {
        Map<String, BigInteger> differences = new LinkedHashMap<>();
        values.forEach((column, value) -> differences.put(column, value.subtract(other.get(column))));
        return new Measures(differences);
    }

    public BigInteger get(String column) {
        BigInteger value = values.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no measure " + column + " in " + values.keySet());
        }
        return value;
    }
}
