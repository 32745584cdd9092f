package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
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
    private final String groupColumn;
    private final int rankMeasure;
    private final Counter fromIndex;
    private final Counter fromSql;

    /** Per group or step: the batch part (from the index) and the speed part. */
    private record Parts(BigInteger[] batch, BigInteger[] speed) {
        BigInteger total(int measure) {
            return batch[measure].add(speed[measure]);
        }
    }

    /**
     * @param view the view the API asks about; its one non-time dimension is the location the API groups by
     */
    public IndexedQueries(ServingQueries queries, ServingIndexKeeper keeper, ServingViewSql viewSql, ViewDefinition view,
            Duration queryTimeout, MeterRegistry registry) {
        this.queries = requireNonNull(queries, "queries is null");
        this.keeper = requireNonNull(keeper, "keeper is null");
        requireNonNull(view, "view is null");
        this.speedRows = new SpeedRows(viewSql, view, queryTimeout);
        this.measureColumns = view.measureColumns();
        List<String> groupColumns = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.NONE)
                .map(Dimension::column).toList();
        if (groupColumns.size() != 1) {
            throw new IllegalArgumentException("the API groups by one non-time dimension, the view has " + groupColumns);
        }
        this.groupColumn = groupColumns.get(0);
        // Locations rank by the number of events (the view's COUNT measure), as in ServingQueries.
        int rank = -1;
        for (int m = 0; m < view.measures().size() && rank < 0; m++) {
            if (view.measures().get(m).aggregation() == Aggregation.COUNT) {
                rank = m;
            }
        }
        if (rank < 0) {
            throw new IllegalArgumentException("the view has no COUNT measure to rank locations by");
        }
        this.rankMeasure = rank;
        String name = "lambda.serving.index.answers";
        String description = "API questions the response cache did not have, by what answered them: the in-memory index"
                + " (plus the speed rows) or SQL";
        this.fromIndex = Counter.builder(name).description(description).tag("source", "index").register(registry);
        this.fromSql = Counter.builder(name).description(description).tag("source", "sql").register(registry);
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
        Map<String, Parts> byLocation = byLocation(index, connection, version, range);
        Comparator<Map.Entry<String, Parts>> mostFirst = Comparator
                .comparing((Map.Entry<String, Parts> entry) -> entry.getValue().total(rankMeasure)).reversed()
                .thenComparing(Map.Entry::getKey, IndexedQueries::compareCodePoints);
        return byLocation.entrySet().stream().sorted(mostFirst).limit(limit)
                .map(entry -> new GroupTotals(group(entry.getKey()), total(entry.getValue()), split(entry.getValue())))
                .toList();
    }

    /** {@link ServingQueries#timeseries}, from the index when it holds {@code version}'s recompute. */
    public List<TimePoint> timeseries(Connection connection, DataVersion version, Map<String, String> group,
            TimeRange range, Granularity granularity) throws SQLException {
        ServingIndex index = keeper.forRun(version.batchRunId()).orElse(null);
        String location = group.get(groupColumn);
        if (index == null || location == null || group.size() != 1) {
            fromSql.increment();
            return queries.timeseries(connection, group, range, granularity);
        }
        fromIndex.increment();
        long step = switch (granularity) {
            case HOUR -> HOUR_SECONDS;
            case DAY -> DAY_SECONDS;
        };
        Map<Instant, Parts> steps = new TreeMap<>();
        index.series(List.of(location), range, step).forEach((time, sums) -> steps.put(time, new Parts(sums, zeros())));
        for (SpeedRows.Row row : speedRows.read(connection, version.batchCutoff(), range, Map.of(groupColumn, location))) {
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
        Map<String, Parts> byLocation = byLocation(index, connection, version, range);
        Parts all = new Parts(zeros(), zeros());
        byLocation.values().forEach(parts -> {
            addTo(all.batch(), parts.batch());
            addTo(all.speed(), parts.speed());
        });
        return new Totals(total(all), split(all), Map.of(groupColumn, (long) byLocation.size()));
    }

    /** The view it answers for: the one whose batch table the index holds. */
    public NamedView view() {
        return queries.view();
    }

    /**
     * Whether the index can hold {@code view}: one hourly dimension, one other (the group the API ranks), and a COUNT
     * measure to rank by.
     */
    public static boolean supports(ViewDefinition view) {
        long hourly = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.HOUR).count();
        long others = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.NONE).count();
        boolean counts = view.measures().stream().anyMatch(m -> m.aggregation() == Aggregation.COUNT);
        return hourly == 1 && others == 1 && view.dimensions().size() == 2 && counts;
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

    private Map<String, String> group(String value) {
        Map<String, String> group = new LinkedHashMap<>();
        group.put(groupColumn, value);
        return group;
    }

    // Every location with a row in range, in batch_view or in the kept speed rows, with both parts.
    private Map<String, Parts> byLocation(ServingIndex index, Connection connection, DataVersion version, TimeRange range)
            throws SQLException {
        Map<String, Parts> byLocation = new HashMap<>();
        index.sumsByGroup(range).forEach((group, sums) -> byLocation.put(group.get(0), new Parts(sums, zeros())));
        for (SpeedRows.Row row : speedRows.read(connection, version.batchCutoff(), range, Map.of())) {
            addSpeed(byLocation.computeIfAbsent(row.group().get(0), l -> new Parts(zeros(), zeros())), row.measures());
        }
        return byLocation;
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
