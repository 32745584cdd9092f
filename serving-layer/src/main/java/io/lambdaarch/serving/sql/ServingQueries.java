package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The API's questions to one declared view's merged view ({@code serving_<name>}), asked of the rows it merges (so the
 * answers are the merged view's, without its per-group sums in between). One instance per declared view, built from
 * its {@link NamedView}: a view's groups are its non-time dimensions ({@link #groupColumns}), its series steps by its
 * time dimension's grain. Every value is bound as a parameter; the SQL text is built only from the validated view
 * definition and fixed fragments. Every answer also says which layer counted what ({@link LayerSplit}): the speed part
 * is summed beside each measure, in the same scan, and the batch part is the rest.
 */
public final class ServingQueries {
    // The speed part of measure m is summed as speed_m, beside m.
    private static final String SPEED_PREFIX = "speed_";
    private static final String DISTINCT_PREFIX = "distinct_";

    private final ServingViewSql viewSql;
    private final NamedView named;
    private final ViewDefinition view;
    private final int queryTimeoutSeconds;
    private final String measureSums;
    private final String rankMeasure;
    private final List<String> groupColumns;
    private final Optional<Dimension> time;

    public ServingQueries(ServingViewSql viewSql, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.named = viewSql.view();
        this.view = named.definition();
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
        String measureType = viewSql.warehouse().measureType();
        this.measureSums = view.measureColumns().stream()
                .map(m -> "CAST(COALESCE(SUM(" + m + "), 0) AS " + measureType + ") AS " + m
                        + ", CAST(COALESCE(SUM(CASE WHEN " + ServingViewSql.FROM_SPEED + " = 1 THEN " + m + " END), 0) AS "
                        + measureType + ") AS " + SPEED_PREFIX + m)
                .collect(Collectors.joining(", "));
        // Groups rank by the number of events (the view's COUNT measure), or by its first measure if it counts none.
        this.rankMeasure = view.measures().stream()
                .filter(m -> m.aggregation() == Aggregation.COUNT)
                .map(Measure::column)
                .findFirst()
                .orElse(view.measureColumns().get(0));
        this.time = named.timeDimension();
        this.groupColumns = view.dimensions().stream()
                .filter(d -> time.map(t -> !t.column().equals(d.column())).orElse(true))
                .map(Dimension::column)
                .toList();
    }

    /** The declared view these questions are asked of. */
    public NamedView view() {
        return named;
    }

    /** The view's non-time dimensions: what its groups are (location for the default view, lang for lang_day). */
    public List<String> groupColumns() {
        return groupColumns;
    }

    /** The view's non-time dimensions, in the view's order. */
    public List<Dimension> groupDimensions() {
        return view.dimensions().stream().filter(d -> groupColumns.contains(d.column())).toList();
    }

    /** The measure groups are ranked by: the view's COUNT measure, else its first. */
    public String rankMeasure() {
        return rankMeasure;
    }

    /** The grain of the view's time dimension (HOUR or DAY); empty for a view without one. */
    public Optional<TimeGrain> timeGrain() {
        return time.map(Dimension::grain);
    }

    /** The steps a series of this view may take: its own grain, and whole days for an hourly view. */
    public List<Granularity> granularities() {
        return switch (timeGrain().orElse(TimeGrain.NONE)) {
            case HOUR -> List.of(Granularity.HOUR, Granularity.DAY);
            case DAY -> List.of(Granularity.DAY);
            default -> List.of();
        };
    }

    /** The {@code limit} groups with the most events in {@code range}, most first (ties by group). */
    public List<GroupTotals> topLocations(Connection connection, TimeRange range, int limit) throws SQLException {
        if (groupColumns.isEmpty()) {
            throw new IllegalArgumentException("view " + named.name() + " has no dimension but time to rank");
        }
        String groups = String.join(", ", groupColumns);
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT " + groups + ", " + measureSums + " FROM "
                + merged(connection, range, true, List.of(), List.of(), parameters)
                + " GROUP BY " + groups
                + " ORDER BY " + rankMeasure + " DESC, "
                + groupColumns.stream().map(viewSql.warehouse()::bytewiseOrder).collect(Collectors.joining(", "))
                + " LIMIT ?";
        parameters.add(limit);
        List<GroupTotals> rows = new ArrayList<>();
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                Measures measures = Measures.read(rs, view);
                Map<String, String> group = new LinkedHashMap<>();
                for (String column : groupColumns) {
                    group.put(column, rs.getString(column));
                }
                rows.add(new GroupTotals(group, measures, split(rs, measures)));
            }
        }
        return rows;
    }

    /**
     * The non-empty steps of one group's series in {@code range}, in time order. {@code group} names a value for each of
     * {@link #groupColumns}; {@code granularity} is one of {@link #granularities}.
     */
    public List<TimePoint> timeseries(Connection connection, Map<String, String> group, TimeRange range,
            Granularity granularity) throws SQLException {
        if (!granularities().contains(granularity)) {
            throw new IllegalArgumentException("view " + named.name() + " has no series by " + granularity.externalName());
        }
        if (!group.keySet().equals(Set.copyOf(groupColumns))) {
            throw new IllegalArgumentException("a series of view " + named.name() + " needs a value for each of "
                    + groupColumns + ", not " + group.keySet());
        }
        String timeColumn = time.orElseThrow().column();
        boolean coarser = granularity == Granularity.DAY && timeGrain().orElseThrow() == TimeGrain.HOUR;
        String bucket = coarser ? "DATE_TRUNC('day', " + timeColumn + ")" : timeColumn;
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String column : groupColumns) {
            conditions.add(column + " = ?");
            values.add(group.get(column));
        }
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT " + bucket + " AS bucket, " + measureSums + " FROM "
                + merged(connection, range, granularity == Granularity.DAY, conditions, values, parameters)
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

    /** The measures over all groups in {@code range}; zeros when there is nothing. */
    public Totals totals(Connection connection, TimeRange range) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        StringBuilder distinct = new StringBuilder();
        for (int i = 0; i < groupColumns.size(); i++) {
            distinct.append(", COUNT(DISTINCT ").append(groupColumns.get(i)).append(") AS ").append(DISTINCT_PREFIX)
                    .append(i);
        }
        String sql = "SELECT " + measureSums + distinct + " FROM "
                + merged(connection, range, true, List.of(), List.of(), parameters);
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet rs = query.executeQuery()) {
            rs.next();
            Measures measures = Measures.read(rs, view);
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int i = 0; i < groupColumns.size(); i++) {
                counts.put(groupColumns.get(i), rs.getLong(DISTINCT_PREFIX + i));
            }
            return new Totals(measures, split(rs, measures), counts);
        }
    }

    // The speed part as summed; the batch part is what the rest of the total came from.
    private LayerSplit split(ResultSet rs, Measures total) throws SQLException {
        Measures speed = Measures.read(rs, view, SPEED_PREFIX);
        return new LayerSplit(total.minus(speed), speed);
    }

    /**
     * The merged view's rows before their sum, restricted to {@code range} (over the view's time dimension) and
     * {@code conditions} (whose parameters are {@code values}): the batch table's rows, read for the whole days in the
     * range's middle from the day rollup when the view keeps one and {@code wholeDays} allows it (the caller groups no
     * finer than a day) and from the batch table at its ragged ends ({@link RangeSplit}), plus the speed rows the merge
     * keeps ({@link ServingViewSql#speedRows}). Every parameter is added to {@code parameters}, once per branch that
     * uses it. A view without a time dimension takes only the whole range.
     */
    private String merged(Connection connection, TimeRange range, boolean wholeDays, List<String> conditions,
            List<Object> values, List<Object> parameters) throws SQLException {
        if (time.isEmpty() && !range.equals(TimeRange.all())) {
            throw new IllegalArgumentException("view " + named.name() + " has no time dimension to restrict to a range");
        }
        String timeColumn = time.map(Dimension::column).orElse(null);
        RangeSplit split = wholeDays && viewSql.hasDayRollup() && RangeSplit.mayHaveWholeDays(range)
                ? RangeSplit.of(range, latestCutoff(connection))
                : RangeSplit.hoursOnly(range);
        List<String> branches = new ArrayList<>();
        for (RangeSplit.Hours hours : split.hours()) {
            branches.add(viewSql.batchRows(condition(timeColumn, hours.from(), hours.to(), conditions, values,
                    parameters)));
        }
        split.days().ifPresent(days -> branches.add(viewSql.batchDayRows(condition(viewSql.dayRollupColumn(),
                days.first(), Optional.of(days.end()), conditions, values, parameters))));
        branches.add(viewSql.speedRows(condition(timeColumn, range.from(), range.to(), conditions, values,
                parameters)));
        return "(" + String.join(" UNION ALL ", branches) + ") merged";
    }

    /** {@code conditions} and {@code column} in {@code [from, to)}, ANDed; their parameters go to {@code parameters}. */
    private static String condition(String column, Optional<Instant> from, Optional<Instant> to, List<String> conditions,
            List<Object> values, List<Object> parameters) {
        List<String> all = new ArrayList<>(conditions);
        parameters.addAll(values);
        from.ifPresent(f -> {
            all.add(column + " >= ?");
            parameters.add(SqlStatements.utc(f));
        });
        to.ifPresent(t -> {
            all.add(column + " < ?");
            parameters.add(SqlStatements.utc(t));
        });
        return String.join(" AND ", all);
    }

    /**
     * The cutoff of the latest succeeded recompute, read in the caller's transaction; it only splits the range between
     * the grains (any split sums to the same numbers), while the speed rows are chosen by the merge rule itself.
     */
    private Optional<Instant> latestCutoff(Connection connection) throws SQLException {
        try (PreparedStatement query = prepare(connection, viewSql.latestCutoffQuery(), List.of());
                ResultSet rs = query.executeQuery()) {
            return rs.next() ? Optional.ofNullable(SqlStatements.instant(rs.getObject(1, LocalDateTime.class)))
                    : Optional.empty();
        }
    }

    private PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        return SqlStatements.prepare(connection, sql, queryTimeoutSeconds, parameters);
    }
}
