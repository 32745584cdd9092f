package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.serving.freshness.DataVersion;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.LayerSplit;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.Measures;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.TimeRange;
import io.lambdaarch.serving.sql.Totals;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API's questions, answered from the in-memory index of batch_view when it holds the recompute the request read
 * ({@link ServingIndexKeeper}), plus the kept speed_view rows read in the request's transaction ({@link SpeedRows});
 * otherwise from SQL ({@link ServingQueries}), as before. Both give serving_view's numbers to the unit, with the same
 * batch and speed parts: the index holds exactly that recompute's batch_view, and the speed part is the same rows.
 */
public final class IndexedQueries {
    private static final long HOUR_SECONDS = Duration.ofHours(1).toSeconds();
    private static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();

    private final ServingQueries queries;
    private final ServingIndexKeeper keeper;
    private final SpeedRows speedRows;
    private final List<String> measureColumns;
    private final List<String> groupColumns;
    private final int rankMeasure;
    private final Counter fromIndex;
    private final Counter fromSql;

    /** A group, its parts and the total it ranks by. */
    private record Ranked(List<String> group, Parts parts, BigInteger rank) {
    }

    /** Per group or step: the batch part (from the index) and the speed part. */
    private record Parts(BigInteger[] batch, BigInteger[] speed) {
        BigInteger total(int measure) {
            return batch[measure].add(speed[measure]);
        }
    }

    /**
     * @param queries the SQL of the view the index holds ({@link #supports} it), for the questions the index cannot
     *     answer yet
     * @param viewSql that view's SQL, for its kept speed rows
     */
    public IndexedQueries(ServingQueries queries, ServingIndexKeeper keeper, ServingViewSql viewSql, Duration queryTimeout,
            MeterRegistry registry) {
        this.queries = requireNonNull(queries, "queries is null");
        this.keeper = requireNonNull(keeper, "keeper is null");
        ViewDefinition view = queries.view().definition();
        if (!supports(view)) {
            throw new IllegalArgumentException("view " + queries.view().name() + " is not of a shape the index holds");
        }
        this.speedRows = new SpeedRows(viewSql, view, queryTimeout);
        this.measureColumns = view.measureColumns();
        this.groupColumns = queries.groupColumns();
        // Groups rank as in ServingQueries: by the view's COUNT measure, else by its first.
        this.rankMeasure = measureColumns.indexOf(queries.rankMeasure());
        String name = "lambda.serving.index.answers";
        String description = "API questions the response cache did not have, by what answered them: the in-memory index"
                + " (plus the speed rows) or SQL";
        String viewName = queries.view().name();
        this.fromIndex = Counter.builder(name).description(description).tag("source", "index").tag("view", viewName)
                .register(registry);
        this.fromSql = Counter.builder(name).description(description).tag("source", "sql").tag("view", viewName)
                .register(registry);
    }

    /** {@link ServingQueries#topLocations}, from the index when it holds {@code version}'s recompute. */
    public List<GroupTotals> topLocations(Connection connection, DataVersion version, TimeRange range, int limit)
            throws SQLException {
        ServingIndex index = keeper.forRun(version.batchRunId()).orElse(null);
        if (index == null) {
            fromSql.increment();
            return queries.topLocations(connection, range, limit);
        }
        fromIndex.increment();
        Map<List<String>, Parts> byGroup = byGroup(index, connection, version, range);
        // Each group's rank total is added once, not in every comparison of the sort (a BigInteger sum per side per
        // comparison was most of a miss's allocation: about 9,000 per request over 500 locations).
        List<Ranked> ranked = new ArrayList<>(byGroup.size());
        byGroup.forEach((group, parts) -> ranked.add(new Ranked(group, parts, parts.total(rankMeasure))));
        ranked.sort(Comparator.comparing(Ranked::rank).reversed().thenComparing(Ranked::group, IndexedQueries::compareGroups));
        List<GroupTotals> top = new ArrayList<>(Math.min(limit, ranked.size()));
        for (Ranked entry : ranked.subList(0, Math.min(limit, ranked.size()))) {
            top.add(new GroupTotals(group(entry.group()), total(entry.parts()), split(entry.parts())));
        }
        return top;
    }

    /** {@link ServingQueries#timeseries}, from the index when it holds {@code version}'s recompute. */
    public List<TimePoint> timeseries(Connection connection, DataVersion version, Map<String, String> group,
            TimeRange range, Granularity granularity) throws SQLException {
        ServingIndex index = keeper.forRun(version.batchRunId()).orElse(null);
        List<String> values = new ArrayList<>(groupColumns.size());
        groupColumns.forEach(column -> values.add(group.get(column)));
        if (index == null || values.contains(null) || group.size() != groupColumns.size()) {
            fromSql.increment();
            return queries.timeseries(connection, group, range, granularity);
        }
        fromIndex.increment();
        long step = switch (granularity) {
            case HOUR -> HOUR_SECONDS;
            case DAY -> DAY_SECONDS;
        };
        Map<Instant, Parts> steps = new TreeMap<>();
        index.series(List.copyOf(values), range, step).forEach((time, sums) -> steps.put(time, new Parts(sums, zeros())));
        for (SpeedRows.Row row : speedRows.read(connection, version.batchCutoff(), range, group)) {
            Instant time = Instant.ofEpochSecond(row.epochSecond() - Math.floorMod(row.epochSecond(), step));
            addSpeed(steps.computeIfAbsent(time, t -> new Parts(zeros(), zeros())), row.measures());
        }
        List<TimePoint> points = new ArrayList<>(steps.size());
        steps.forEach((time, parts) -> points.add(new TimePoint(time, total(parts), split(parts))));
        return points;
    }

    /** {@link ServingQueries#totals}, from the index when it holds {@code version}'s recompute. */
    public Totals totals(Connection connection, DataVersion version, TimeRange range) throws SQLException {
        ServingIndex index = keeper.forRun(version.batchRunId()).orElse(null);
        if (index == null) {
            fromSql.increment();
            return queries.totals(connection, range);
        }
        fromIndex.increment();
        Map<List<String>, Parts> byGroup = byGroup(index, connection, version, range);
        Parts all = new Parts(zeros(), zeros());
        byGroup.values().forEach(parts -> {
            addTo(all.batch(), parts.batch());
            addTo(all.speed(), parts.speed());
        });
        // How many distinct values each dimension had, as COUNT(DISTINCT) over the merged rows in range counts them.
        Map<String, Long> distinct = new LinkedHashMap<>();
        for (int g = 0; g < groupColumns.size(); g++) {
            int column = g;
            distinct.put(groupColumns.get(g), byGroup.keySet().stream().map(values -> values.get(column)).distinct().count());
        }
        return new Totals(total(all), split(all), distinct);
    }

    /** The view it answers for: the one whose batch table the index holds. */
    public NamedView view() {
        return queries.view();
    }

    /**
     * Whether the index can hold {@code view}: one time dimension (by hour or by day: the index orders its rows by it)
     * and at least one other (the groups the API ranks). The groups rank by the view's COUNT measure, else its first,
     * as in SQL.
     */
    public static boolean supports(ViewDefinition view) {
        long times = view.dimensions().stream().filter(d -> d.grain() != TimeGrain.NONE).count();
        long others = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.NONE).count();
        return times == 1 && others >= 1 && !view.measures().isEmpty();
    }

    /** Groups in the order SQL breaks ties in: dimension by dimension, each in code point order. */
    static int compareGroups(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int order = compareCodePoints(a.get(i), b.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * Code point order, the order of UTF-8 bytes, as {@link io.lambdaarch.common.warehouse.Warehouse#bytewiseOrder}
     * makes SQL break ties: {@link String#compareTo} compares UTF-16 units, which put U+E000..U+FFFF after the
     * characters beyond U+FFFF.
     */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private Map<String, String> group(List<String> values) {
        Map<String, String> group = new LinkedHashMap<>();
        for (int g = 0; g < groupColumns.size(); g++) {
            group.put(groupColumns.get(g), values.get(g));
        }
        return group;
    }

    // Every group with a row in range, in the batch table or in the kept speed rows, with both parts.
    private Map<List<String>, Parts> byGroup(ServingIndex index, Connection connection, DataVersion version,
            TimeRange range) throws SQLException {
        Map<List<String>, Parts> byGroup = new HashMap<>();
        index.sumsByGroup(range).forEach((group, sums) -> byGroup.put(group, new Parts(sums, zeros())));
        for (SpeedRows.Row row : speedRows.read(connection, version.batchCutoff(), range, Map.of())) {
            addSpeed(byGroup.computeIfAbsent(row.group(), g -> new Parts(zeros(), zeros())), row.measures());
        }
        return byGroup;
    }

    private static void addSpeed(Parts parts, BigInteger[] measures) {
        addTo(parts.speed(), measures);
    }

    private static void addTo(BigInteger[] sums, BigInteger[] values) {
        for (int m = 0; m < sums.length; m++) {
            sums[m] = sums[m].add(values[m]);
        }
    }

    private BigInteger[] zeros() {
        BigInteger[] zeros = new BigInteger[measureColumns.size()];
        Arrays.fill(zeros, BigInteger.ZERO);
        return zeros;
    }

    private Measures total(Parts parts) {
        BigInteger[] total = new BigInteger[measureColumns.size()];
        for (int m = 0; m < total.length; m++) {
            total[m] = parts.total(m);
        }
        return measures(total);
    }

    private LayerSplit split(Parts parts) {
        return new LayerSplit(measures(parts.batch()), measures(parts.speed()));
    }

    private Measures measures(BigInteger[] values) {
        Map<String, BigInteger> named = new LinkedHashMap<>();
        for (int m = 0; m < values.length; m++) {
            named.put(measureColumns.get(m), values[m]);
        }
        return new Measures(named);
    }
}
