package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The API's questions to {@code serving_view}, asked of the rows it merges (so the answers are serving_view's, without
 * its per-hour sums in between). Every value is bound as a parameter; the SQL text is built only from
 * the view definition and fixed fragments. Every answer also says which layer counted what ({@link LayerSplit}): the
 * speed part is summed beside each measure, in the same scan, and the batch part is the rest.
 */
public final class ServingQueries {
    // The speed part of measure m is summed as speed_m, beside m.
    private static final String SPEED_PREFIX = "speed_";

    private final ServingViewSql viewSql;
    private final ViewDefinition view;
    private final int queryTimeoutSeconds;
    private final String measureSums;
    private final String rankMeasure;

    public ServingQueries(ServingViewSql viewSql, ViewDefinition view, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.view = requireNonNull(view, "view is null");
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
        String measureType = viewSql.warehouse().measureType();
        this.measureSums = view.measureColumns().stream()
                .map(m -> "CAST(COALESCE(SUM(" + m + "), 0) AS " + measureType + ") AS " + m
                        + ", CAST(COALESCE(SUM(CASE WHEN " + ServingViewSql.FROM_SPEED + " = 1 THEN " + m + " END), 0) AS "
                        + measureType + ") AS " + SPEED_PREFIX + m)
                .collect(Collectors.joining(", "));
        // Locations rank by the number of events (the view's COUNT measure).
        this.rankMeasure = view.measures().stream()
                .filter(m -> m.aggregation() == Aggregation.COUNT)
                .map(Measure::column)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the view has no COUNT measure to rank locations by"));
    }

    /** The {@code limit} locations with the most events in {@code range}, most first (ties by location). */
    public List<LocationTotals> topLocations(Connection connection, TimeRange range, int limit) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT " + TweetView.LOCATION + ", " + measureSums + " FROM " + merged(range, List.of(), List.of(), parameters)
                + " GROUP BY " + TweetView.LOCATION
                + " ORDER BY " + rankMeasure + " DESC, " + TweetView.LOCATION + " LIMIT ?";
        parameters.add(limit);
        List<LocationTotals> rows = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Measures measures = Measures.read(rs, view);
                rows.add(new LocationTotals(rs.getString(TweetView.LOCATION), measures, split(rs, measures)));
            }
        }
        return rows;
    }

    /** The non-empty steps of {@code location}'s series in {@code range}, in time order. */
    public List<TimePoint> timeseries(Connection connection, String location, TimeRange range, Granularity granularity)
            throws SQLException {
        String bucket = switch (granularity) {
            case HOUR -> TweetView.EVENT_HOUR;
            case DAY -> "DATE_TRUNC('day', " + TweetView.EVENT_HOUR + ")";
        };
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT " + bucket + " AS bucket, " + measureSums + " FROM "
                + merged(range, List.of(TweetView.LOCATION + " = ?"), List.of(location), parameters)
                + " GROUP BY 1 ORDER BY 1";
        List<TimePoint> points = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Measures measures = Measures.read(rs, view);
                points.add(new TimePoint(SqlStatements.instant(rs.getObject("bucket", LocalDateTime.class)), measures,
                        split(rs, measures)));
            }
        }
        return points;
    }

    /** The measures over all locations in {@code range}; zeros when there is nothing. */
    public Totals totals(Connection connection, TimeRange range) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT " + measureSums + ", COUNT(DISTINCT " + TweetView.LOCATION + ") AS locations FROM "
                + merged(range, List.of(), List.of(), parameters);
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rs = query.executeQuery()) {
            rs.next();
            Measures measures = Measures.read(rs, view);
            return new Totals(measures, split(rs, measures), rs.getLong("locations"));
        }
    }

    // The speed part as summed; the batch part is what the rest of the total came from.
    private LayerSplit split(ResultSet rs, Measures total) throws SQLException {
        Measures speed = Measures.read(rs, view, SPEED_PREFIX);
        return new LayerSplit(total.minus(speed), speed);
    }

    /**
     * serving_view's rows before their sum ({@link ServingViewSql#mergedRows}), restricted to {@code range} and
     * {@code conditions}; the parameters of {@code conditions} are {@code values}, and every parameter is added to
     * {@code parameters} once per branch of the merge.
     */
    private String merged(TimeRange range, List<String> conditions, List<Object> values, List<Object> parameters) {
        List<String> all = new ArrayList<>(conditions);
        List<Object> branch = new ArrayList<>(values);
        range.from().ifPresent(from -> {
            all.add(TweetView.EVENT_HOUR + " >= ?");
            branch.add(SqlStatements.utc(from));
        });
        range.to().ifPresent(to -> {
            all.add(TweetView.EVENT_HOUR + " < ?");
            branch.add(SqlStatements.utc(to));
        });
        parameters.addAll(branch);
        parameters.addAll(branch);
        return "(" + viewSql.mergedRows(String.join(" AND ", all)) + ") merged";
    }

    private PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        return SqlStatements.prepare(connection, sql, queryTimeoutSeconds, parameters);
    }
}
