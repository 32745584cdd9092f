package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.serving.sql.TimeRange;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * batch_view as one recompute left it, in memory: its groups (values of its non-time dimensions, by id) and the prefix
 * sums of every measure over its event times, so the sums of any range of event time are two binary searches and
 * a subtraction per group and measure instead of a warehouse scan of every hour in the range. Laid out time-major
 * ({@link TimeMajorSums}: a window reads two contiguous rows) when the table is dense enough, which a view of hours
 * by location is; a sparse table (most groups without most times) is kept per group ({@link GroupSeries}), whose
 * memory is the rows'. Immutable: a new recompute builds a new index ({@link ServingIndexLoader}), and an answer reads
 * one index from start to end.
 */
public final class ServingIndex {
    private final String batchRunId;
    private final int measureCount;
    private final List<List<String>> groups;
    private final Map<List<String>, Integer> ids;
    private final int[] order;
    private final long rows;
    private final TimeMajorSums timeMajor;
    private final GroupSeries[] perGroup;

    private ServingIndex(String batchRunId, int measureCount, List<List<String>> groups, long rows,
            TimeMajorSums timeMajor, GroupSeries[] perGroup) {
        this.batchRunId = requireNonNull(batchRunId, "batchRunId is null");
        this.measureCount = measureCount;
        this.groups = List.copyOf(groups);
        Map<List<String>, Integer> byValues = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            byValues.put(groups.get(g), g);
        }
        this.ids = Map.copyOf(byValues);
        // Each group's place in the order SQL breaks ties in, so a top-N compares two ints, not two lists of strings.
        Integer[] sorted = new Integer[groups.size()];
        Arrays.setAll(sorted, g -> g);
        Arrays.sort(sorted, Comparator.comparing(groups::get, IndexedQueries::compareGroups));
        this.order = new int[groups.size()];
        for (int place = 0; place < sorted.length; place++) {
            order[sorted[place]] = place;
        }
        this.rows = rows;
        this.timeMajor = timeMajor;
        this.perGroup = perGroup;
    }

    /** The recompute whose batch_view this is: only a request that read the same latest run may use it. */
    public String batchRunId() {
        return batchRunId;
    }

    /** How many batch_view rows it holds. */
    public long rows() {
        return rows;
    }

    /** How many groups (e.g. locations) it holds. */
    public int groupCount() {
        return groups.size();
    }

    /** How many measures each group has. */
    public int measureCount() {
        return measureCount;
    }

    /** The values of group {@code id}'s non-time dimensions. */
    public List<String> group(int id) {
        return groups.get(id);
    }

    /** The id of the group with these values, or -1 when the batch table has no row of it. */
    public int id(List<String> group) {
        Integer id = ids.get(group);
        return id == null ? -1 : id;
    }

    /** Group {@code id}'s place in the order SQL breaks ties in (dimension by dimension, code point order). */
    public int order(int id) {
        return order[id];
    }

    /** Whether the layout is time-major (for the tests and the log). */
    boolean timeMajor() {
        return timeMajor != null;
    }

    /** Each group's measure sums over {@code range}, for every group, with which have rows in it. */
    public WindowSums window(TimeRange range) {
        WindowSums sums = new WindowSums(measureCount, groups.size());
        if (timeMajor != null) {
            int from = range.from().map(time -> timeMajor.lowerBound(ceilSecond(time))).orElse(0);
            int to = range.to().map(time -> timeMajor.lowerBound(ceilSecond(time))).orElse(timeMajor.timeCount());
            if (from < to) {
                timeMajor.window(from, to, sums);
            }
            return sums;
        }
        ExactSum[] into = newSums();
        for (int g = 0; g < perGroup.length; g++) {
            GroupSeries series = perGroup[g];
            int from = from(series, range);
            int to = to(series, range);
            if (from < to) {
                sums.markPresent(g);
                for (ExactSum sum : into) {
                    sum.reset();
                }
                series.addRange(from, to, into);
                for (int m = 0; m < measureCount; m++) {
                    sums.set(m, g, into[m]);
                }
            }
        }
        return sums;
    }

    /** Each group's measure sums over {@code range}, for the groups with at least one row in it (in no order). */
    public Map<List<String>, BigInteger[]> sumsByGroup(TimeRange range) {
        WindowSums window = window(range);
        Map<List<String>, BigInteger[]> sums = new HashMap<>();
        for (int g = 0; g < window.groupCount(); g++) {
            if (window.present(g)) {
                BigInteger[] values = new BigInteger[measureCount];
                for (int m = 0; m < measureCount; m++) {
                    values[m] = window.value(m, g);
                }
                sums.put(groups.get(g), values);
            }
        }
        return sums;
    }

    /**
     * {@code group}'s measure sums over {@code range} by step of {@code stepSeconds} (a step starts at a multiple of it
     * since the epoch, so 86,400 gives UTC days), for the steps with rows, in time order.
     */
    public Map<Instant, BigInteger[]> series(List<String> group, TimeRange range, long stepSeconds) {
        Map<Instant, BigInteger[]> steps = new LinkedHashMap<>();
        int id = id(group);
        if (id < 0) {
            return steps;
        }
        if (timeMajor != null) {
            int to = range.to().map(time -> timeMajor.lowerBound(ceilSecond(time))).orElse(timeMajor.timeCount());
            int row = range.from().map(time -> timeMajor.lowerBound(ceilSecond(time))).orElse(0);
            while (row < to) {
                long step = timeMajor.time(row) - Math.floorMod(timeMajor.time(row), stepSeconds);
                int end = row + 1;
                boolean rowsInStep = timeMajor.hasRow(row, id);
                while (end < to && timeMajor.time(end) < step + stepSeconds) {
                    rowsInStep |= timeMajor.hasRow(end, id);
                    end++;
                }
                if (rowsInStep) {
                    ExactSum[] into = newSums();
                    timeMajor.addRange(id, row, end, into);
                    steps.put(Instant.ofEpochSecond(step), values(into));
                }
                row = end;
            }
            return steps;
        }
        GroupSeries series = perGroup[id];
        int to = to(series, range);
        int row = from(series, range);
        while (row < to) {
            long step = series.time(row) - Math.floorMod(series.time(row), stepSeconds);
            int end = row + 1;
            while (end < to && series.time(end) < step + stepSeconds) {
                end++;
            }
            ExactSum[] into = newSums();
            series.addRange(row, end, into);
            steps.put(Instant.ofEpochSecond(step), values(into));
            row = end;
        }
        return steps;
    }

    /** Bytes held, roughly: for /metrics. */
    public long bytes() {
        long bytes = 64L * groups.size();
        if (timeMajor != null) {
            return bytes + timeMajor.bytes();
        }
        for (GroupSeries series : perGroup) {
            bytes += series.bytes();
        }
        return bytes;
    }

    // An event time belongs to [from, to) when it is at or after from and before to; times are whole seconds, so
    // both ends round up to the next whole second.
    private static int from(GroupSeries series, TimeRange range) {
        return range.from().map(from -> series.lowerBound(ceilSecond(from))).orElse(0);
    }

    private static int to(GroupSeries series, TimeRange range) {
        return range.to().map(to -> series.lowerBound(ceilSecond(to))).orElse(series.rows());
    }

    private static long ceilSecond(Instant time) {
        return time.getNano() == 0 ? time.getEpochSecond() : time.getEpochSecond() + 1;
    }

    private ExactSum[] newSums() {
        ExactSum[] sums = new ExactSum[measureCount];
        for (int m = 0; m < measureCount; m++) {
            sums[m] = new ExactSum();
        }
        return sums;
    }

    private static BigInteger[] values(ExactSum[] sums) {
        BigInteger[] values = new BigInteger[sums.length];
        for (int m = 0; m < sums.length; m++) {
            values[m] = sums[m].value();
        }
        return values;
    }

    /** Which layout a build takes: chosen by the table's density, or forced (for the tests of each). */
    enum Layout {
        BY_DENSITY, TIME_MAJOR, PER_GROUP
    }

    /** Collects batch_view's rows, in time order, into an index. */
    static final class Builder {
        // A time-major table may hold up to twice as many cells as rows (plus a floor for small tables): dense views
        // (hours x locations) hold about one cell per row, and a sparse one is kept per group instead.
        private static final long CELLS_PER_ROW = 2;
        private static final long CELLS_FLOOR = 1 << 16;

        private final int measureCount;
        private final Layout layout;
        private final Map<List<String>, Integer> ids = new HashMap<>();
        private final List<List<String>> groups = new ArrayList<>();
        private long[] lastTime = new long[16];
        private long[] times = new long[1024];
        private int[] groupIds = new int[1024];
        private final MeasureColumnBuffer measures;
        private int rows;

        Builder(int measureCount) {
            this(measureCount, Layout.BY_DENSITY);
        }

        Builder(int measureCount, Layout layout) {
            this.measureCount = measureCount;
            this.layout = requireNonNull(layout, "layout is null");
            this.measures = new MeasureColumnBuffer(measureCount, 1024);
        }

        void add(List<String> group, long epochSecond, BigInteger[] measures) {
            long[] small = new long[measureCount];
            BigInteger[] big = new BigInteger[measureCount];
            for (int m = 0; m < measureCount; m++) {
                if (measures[m].bitLength() < Long.SIZE) {
                    small[m] = measures[m].longValue();
                } else {
                    big[m] = measures[m];
                }
            }
            add(group, epochSecond, small, big);
        }

        /**
         * Adds a row of {@code group} at {@code epochSecond}: measure m is {@code big[m]} when that is not null (a value
         * beyond a long), else {@code small[m]}. Both arrays may be reused by the caller.
         *
         * @throws IllegalStateException when the row is before the previous one, or not after the group's previous
         *     one: the view has one row per group and time, and the loader asks for them in time order
         */
        void add(List<String> group, long epochSecond, long[] small, BigInteger[] big) {
            if (rows > 0 && times[rows - 1] > epochSecond) {
                throw new IllegalStateException("rows out of time order: " + epochSecond + " after " + times[rows - 1]);
            }
            Integer known = ids.get(group);
            int id;
            if (known == null) {
                id = groups.size();
                ids.put(group, id);
                groups.add(group);
                if (id == lastTime.length) {
                    lastTime = Arrays.copyOf(lastTime, id * 2);
                }
            } else {
                id = known;
                if (lastTime[id] >= epochSecond) {
                    throw new IllegalStateException("rows out of time order: " + epochSecond + " after " + lastTime[id]
                            + " for " + group);
                }
            }
            lastTime[id] = epochSecond;
            if (rows == times.length) {
                int capacity = rows * 2;
                times = Arrays.copyOf(times, capacity);
                groupIds = Arrays.copyOf(groupIds, capacity);
            }
            times[rows] = epochSecond;
            groupIds[rows] = id;
            measures.add(small, big);
            rows++;
        }

        long rows() {
            return rows;
        }

        ServingIndex build(String batchRunId) {
            int[] timeIndex = new int[rows];
            int distinct = 0;
            for (int i = 0; i < rows; i++) {
                if (i > 0 && times[i] != times[i - 1]) {
                    distinct++;
                }
                timeIndex[i] = distinct;
            }
            int timeCount = rows == 0 ? 0 : distinct + 1;
            long cells = TimeMajorSums.cells(timeCount, groups.size());
            boolean dense = cells <= CELLS_PER_ROW * rows + CELLS_FLOOR && cells < Integer.MAX_VALUE - 8;
            if (layout == Layout.TIME_MAJOR || (layout == Layout.BY_DENSITY && dense)) {
                long[] distinctTimes = new long[timeCount];
                for (int i = 0; i < rows; i++) {
                    distinctTimes[timeIndex[i]] = times[i];
                }
                TimeMajorSums sums = TimeMajorSums.build(distinctTimes, groups.size(), timeIndex, groupIds, measures);
                return new ServingIndex(batchRunId, measureCount, groups, rows, sums, null);
            }
            GroupSeries.Builder[] builders = new GroupSeries.Builder[groups.size()];
            long[] small = new long[measureCount];
            BigInteger[] big = new BigInteger[measureCount];
            for (int i = 0; i < rows; i++) {
                int id = groupIds[i];
                if (builders[id] == null) {
                    builders[id] = new GroupSeries.Builder(measureCount);
                }
                measures.read(i, small, big);
                builders[id].add(times[i], small, big);
            }
            GroupSeries[] perGroup = new GroupSeries[groups.size()];
            for (int g = 0; g < perGroup.length; g++) {
                perGroup[g] = builders[g].build();
            }
            return new ServingIndex(batchRunId, measureCount, groups, rows, null, perGroup);
        }
    }
}
