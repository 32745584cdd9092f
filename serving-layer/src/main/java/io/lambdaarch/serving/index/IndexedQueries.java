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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** Per step of a series: the batch part (from the index) and the speed part. */
    private record Parts(BigInteger[] batch, BigInteger[] speed) {
        BigInteger total(int measure) {
            return batch[measure].add(speed[measure]);
        }
    }

    /**
     * One window's groups by id: the index's ({@code 0} to its group count, the batch part from {@link WindowSums}) and
     * after them the groups only the kept speed rows have; the speed part per id, null for a group without speed rows.
     */
    private static final class Window {
        private final ServingIndex index;
        private final WindowSums batch;
        private final int measures;
        private BigInteger[][] speed;
        private List<List<String>> speedOnly = List.of();
        private Map<List<String>, Integer> speedOnlyIds;

        Window(ServingIndex index, WindowSums batch) {
            this.index = index;
            this.batch = batch;
            this.measures = index.measureCount();
        }

        void addSpeed(List<String> group, BigInteger[] values) {
            int id = index.id(group);
            if (id < 0) {
                if (speedOnlyIds == null) {
                    speedOnlyIds = new HashMap<>();
                    speedOnly = new ArrayList<>();
                }
                Integer known = speedOnlyIds.get(group);
                if (known == null) {
                    known = index.groupCount() + speedOnly.size();
                    speedOnlyIds.put(group, known);
                    speedOnly.add(group);
                }
                id = known;
            }
            if (speed == null) {
                speed = new BigInteger[index.groupCount() + 1][];
            }
            if (id >= speed.length) {
                speed = Arrays.copyOf(speed, Math.max(id + 1, speed.length * 2));
            }
            if (speed[id] == null) {
                speed[id] = values.clone();
            } else {
                for (int m = 0; m < measures; m++) {
                    speed[id][m] = speed[id][m].add(values[m]);
                }
            }
        }

        int ids() {
            return index.groupCount() + speedOnly.size();
        }

        boolean present(int id) {
            return id >= index.groupCount() || batch.present(id) || hasSpeed(id);
        }

        boolean hasSpeed(int id) {
            return speed != null && id < speed.length && speed[id] != null;
        }

        List<String> group(int id) {
            return id < index.groupCount() ? index.group(id) : speedOnly.get(id - index.groupCount());
        }

        BigInteger batch(int measure, int id) {
            return id < index.groupCount() ? batch.value(measure, id) : BigInteger.ZERO;
        }

        BigInteger speed(int measure, int id) {
            return hasSpeed(id) ? speed[id][measure] : BigInteger.ZERO;
        }

        // The order SQL breaks ties in; the index's own groups by their precomputed places.
        int compareGroups(int a, int b) {
            if (a < index.groupCount() && b < index.groupCount()) {
                return Integer.compare(index.order(a), index.order(b));
            }
            return IndexedQueries.compareGroups(group(a), group(b));
        }

        /**
         * Each id's total of {@code measure} as a long, or null when one does not fit (the caller then ranks by
         * {@link #bigRanks}).
         */
        long[] smallRanks(int measure) {
            if (batch.wide(measure)) {
                return null;
            }
            long[] ranks = new long[ids()];
            for (int id = 0; id < ranks.length; id++) {
                long rank = id < index.groupCount() ? batch.small(measure, id) : 0;
                if (hasSpeed(id)) {
                    BigInteger part = speed[id][measure];
                    if (part.bitLength() >= Long.SIZE) {
                        return null;
                    }
                    try {
                        rank = Math.addExact(rank, part.longValue());
                    } catch (ArithmeticException overflow) {
                        return null;
                    }
                }
                ranks[id] = rank;
            }
            return ranks;
        }

        BigInteger[] bigRanks(int measure) {
            BigInteger[] ranks = new BigInteger[ids()];
            for (int id = 0; id < ranks.length; id++) {
                ranks[id] = batch(measure, id).add(speed(measure, id));
            }
            return ranks;
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
        Window window = window(index, connection, version, range);
        // Ranked by long totals, without boxing, unless a total passes 2^63 (NUMERIC(38,0) allows it): then exactly,
        // by BigIntegers. Ties break by the groups' precomputed order, as SQL breaks them.
        long[] smallRanks = window.smallRanks(rankMeasure);
        TopN.IdOrder order;
        if (smallRanks != null) {
            order = (a, b) -> {
                int byRank = Long.compare(smallRanks[b], smallRanks[a]);
                return byRank != 0 ? byRank : window.compareGroups(a, b);
            };
        } else {
            BigInteger[] bigRanks = window.bigRanks(rankMeasure);
            order = (a, b) -> {
                int byRank = bigRanks[b].compareTo(bigRanks[a]);
                return byRank != 0 ? byRank : window.compareGroups(a, b);
            };
        }
        TopN best = new TopN(limit, order);
        for (int id = 0; id < window.ids(); id++) {
            if (window.present(id)) {
                best.offer(id);
            }
        }
        int[] ids = best.drain();
        List<GroupTotals> top = new ArrayList<>(ids.length);
        for (int id : ids) {
            Parts parts = parts(window, id);
            top.add(new GroupTotals(group(window.group(id)), total(parts), split(parts)));
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
        Window window = window(index, connection, version, range);
        int measures = measureColumns.size();
        ExactSum[] batch = new ExactSum[measures];
        ExactSum[] speed = new ExactSum[measures];
        for (int m = 0; m < measures; m++) {
            batch[m] = new ExactSum();
            speed[m] = new ExactSum();
        }
        // With one dimension every group is a distinct value of it, so counting the groups is enough.
        boolean oneDimension = groupColumns.size() == 1;
        long groups = 0;
        List<Set<String>> values = new ArrayList<>(groupColumns.size());
        groupColumns.forEach(column -> values.add(new HashSet<>()));
        for (int id = 0; id < window.ids(); id++) {
            if (!window.present(id)) {
                continue;
            }
            for (int m = 0; m < measures; m++) {
                if (id < index.groupCount() && !window.batch.wide(m)) {
                    batch[m].add(window.batch.small(m, id));
                } else {
                    batch[m].add(window.batch(m, id));
                }
                if (window.hasSpeed(id)) {
                    speed[m].add(window.speed(m, id));
                }
            }
            groups++;
            if (!oneDimension) {
                List<String> group = window.group(id);
                for (int g = 0; g < group.size(); g++) {
                    values.get(g).add(group.get(g));
                }
            }
        }
        Parts all = new Parts(values(batch), values(speed));
        // How many distinct values each dimension had, as COUNT(DISTINCT) over the merged rows in range counts them.
        Map<String, Long> distinct = new LinkedHashMap<>();
        for (int g = 0; g < groupColumns.size(); g++) {
            distinct.put(groupColumns.get(g), oneDimension ? groups : values.get(g).size());
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
    private Window window(ServingIndex index, Connection connection, DataVersion version, TimeRange range)
            throws SQLException {
        Window window = new Window(index, index.window(range));
        for (SpeedRows.Row row : speedRows.read(connection, version.batchCutoff(), range, Map.of())) {
            window.addSpeed(row.group(), row.measures());
        }
        return window;
    }

    private Parts parts(Window window, int id) {
        BigInteger[] batch = new BigInteger[measureColumns.size()];
        BigInteger[] speed = new BigInteger[measureColumns.size()];
        for (int m = 0; m < batch.length; m++) {
            batch[m] = window.batch(m, id);
            speed[m] = window.speed(m, id);
        }
        return new Parts(batch, speed);
    }

    private static BigInteger[] values(ExactSum[] sums) {
        BigInteger[] values = new BigInteger[sums.length];
        for (int m = 0; m < sums.length; m++) {
            values[m] = sums[m].value();
        }
        return values;
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
