package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.serving.sql.TimeRange;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * batch_view as one recompute left it, in memory: per group of its non-time dimensions, the event times in order and
 * the prefix sums of every measure ({@link GroupSeries}). The sums of any range of event time are then two binary
 * searches and two reads per group and measure, instead of a warehouse scan of every hour in the range. Immutable: a
 * new recompute builds a new index ({@link ServingIndexLoader}), and an answer reads one index from start to end.
 */
public final class ServingIndex {
    private final String batchRunId;
    private final int measureCount;
    private final Map<List<String>, GroupSeries> groups;
    private final long rows;

    private ServingIndex(String batchRunId, int measureCount, Map<List<String>, GroupSeries> groups, long rows) {
        this.batchRunId = requireNonNull(batchRunId, "batchRunId is null");
        this.measureCount = measureCount;
        this.groups = Map.copyOf(requireNonNull(groups, "groups is null"));
        this.rows = rows;
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

    /** Each group's measure sums over {@code range}, for the groups with at least one row in it (in no order). */
    public Map<List<String>, BigInteger[]> sumsByGroup(TimeRange range) {
        Map<List<String>, BigInteger[]> sums = new HashMap<>();
        groups.forEach((group, series) -> {
            int from = from(series, range);
            int to = to(series, range);
            if (from < to) {
                ExactSum[] into = newSums();
                series.addRange(from, to, into);
                sums.put(group, values(into));
            }
        });
        return sums;
    }

    /**
     * {@code group}'s measure sums over {@code range} by step of {@code stepSeconds} (a step starts at a multiple of it
     * since the epoch, so 86,400 gives UTC days), for the steps with rows, in time order.
     */
    public Map<Instant, BigInteger[]> series(List<String> group, TimeRange range, long stepSeconds) {
        Map<Instant, BigInteger[]> steps = new LinkedHashMap<>();
        GroupSeries series = groups.get(group);
        if (series == null) {
            return steps;
        }
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
        long bytes = 0;
        for (Map.Entry<List<String>, GroupSeries> group : groups.entrySet()) {
            bytes += 64L + group.getValue().bytes();
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

    /** Collects batch_view's rows, in time order, into an index. */
    static final class Builder {
        private final int measureCount;
        private final Map<List<String>, GroupSeries.Builder> groups = new HashMap<>();
        private long rows;

        Builder(int measureCount) {
            this.measureCount = measureCount;
        }

        void add(List<String> group, long epochSecond, BigInteger[] measures) {
            groups.computeIfAbsent(group, g -> new GroupSeries.Builder(measureCount)).add(epochSecond, measures);
            rows++;
        }

        /** Like {@link #add(List, long, BigInteger[])}, measure m being {@code big[m]} when not null, else {@code small[m]}. */
        void add(List<String> group, long epochSecond, long[] small, BigInteger[] big) {
            groups.computeIfAbsent(group, g -> new GroupSeries.Builder(measureCount)).add(epochSecond, small, big);
            rows++;
        }

        long rows() {
            return rows;
        }

        ServingIndex build(String batchRunId) {
            Map<List<String>, GroupSeries> built = new HashMap<>();
            groups.forEach((group, builder) -> built.put(group, builder.build()));
            return new ServingIndex(batchRunId, measureCount, built, rows);
        }
    }
}
