package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.ViewDefinition;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The measures of one group (tweet_count, followers_sum, ...), by column name in the view's order. */
public record Measures(Map<String, Long> values) {
    public Measures {
        // Map.copyOf would lose the order, which is the view's column order in every response.
        values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
    }

    /** Reads the view's measure columns of the current row. */
    static Measures read(ResultSet row, ViewDefinition view) throws SQLException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String column : view.measureColumns()) {
            values.put(column, row.getLong(column));
        }
        return new Measures(values);
    }

    public long get(String column) {
        Long value = values.get(column);
        if (value == null) {
            throw new IllegalArgumentException("no measure " + column + " in " + values.keySet());
        }
        return value;
    }
}
