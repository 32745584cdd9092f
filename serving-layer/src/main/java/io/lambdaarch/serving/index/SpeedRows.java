package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.SqlStatements;
import io.lambdaarch.serving.sql.TimeRange;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The speed_view rows serving_view keeps (ingest bucket at or after the latest cutoff, {@link ServingViewSql#speedRows}),
 * read in the request's transaction beside an index answer: they change with every speed commit, and after a
 * recompute they are the few hours since its cutoff, so reading them is cheap and always current.
 */
final class SpeedRows {
    private final ServingViewSql viewSql;
    private final String timeColumn;
    private final List<String> groupColumns;
    private final List<String> measureColumns;
    private final List<String> columns;
    private final int queryTimeoutSeconds;

    /** One kept speed_view row: its group (non-time dimension values), event time and measures. */
    record Row(List<String> group, long epochSecond, BigInteger[] measures) {
    }

    SpeedRows(ServingViewSql viewSql, ViewDefinition view, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.timeColumn = ServingIndexLoader.timeDimension(view).column();
        this.groupColumns = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.NONE).map(Dimension::column)
                .toList();
        this.measureColumns = view.measureColumns();
        this.columns = view.allColumns();
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
    }

    /**
     * The kept rows whose event time is in {@code range} and whose group columns equal {@code group}'s values.
     *
     * @param cutoff the cutoff of the latest recompute, as the request read it in this transaction: the merge rule
     *     then keeps the rows with {@code ingest_bucket >= cutoff}, which speed_view's primary key finds by a range
     *     scan, where the rule's own subqueries ({@link ServingViewSql#speedRows}) make PostgreSQL read every row
     */
    List<Row> read(Connection connection, Optional<Instant> cutoff, TimeRange range, Map<String, String> group)
            throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        group.forEach((column, value) -> {
            conditions.add(column + " = ?");
            parameters.add(value);
        });
        range.from().ifPresent(from -> {
            conditions.add(timeColumn + " >= ?");
            parameters.add(SqlStatements.utc(from));
        });
        range.to().ifPresent(to -> {
            conditions.add(timeColumn + " < ?");
            parameters.add(SqlStatements.utc(to));
        });
        String sql;
        if (cutoff.isPresent()) {
            conditions.add(0, TweetView.INGEST_BUCKET + " >= ?");
            parameters.add(0, SqlStatements.utc(cutoff.get()));
            sql = "SELECT " + String.join(", ", columns) + " FROM " + viewSql.table(viewSql.view().speedTable()) + " WHERE "
                    + String.join(" AND ", conditions);
        } else {
            sql = viewSql.speedRows(String.join(" AND ", conditions));
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement query = SqlStatements.prepare(connection, sql, queryTimeoutSeconds, parameters);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                List<String> values = new ArrayList<>(groupColumns.size());
                for (String column : groupColumns) {
                    values.add(rs.getString(column));
                }
                BigInteger[] measures = new BigInteger[measureColumns.size()];
                for (int m = 0; m < measures.length; m++) {
                    measures[m] = rs.getBigDecimal(measureColumns.get(m)).toBigIntegerExact();
                }
                rows.add(new Row(List.copyOf(values),
                        rs.getObject(timeColumn, LocalDateTime.class).toEpochSecond(ZoneOffset.UTC), measures));
            }
        }
        return rows;
    }
}
