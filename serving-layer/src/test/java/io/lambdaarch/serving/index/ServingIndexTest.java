package io.lambdaarch.serving.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.serving.sql.TimeRange;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index's range sums and series against a brute-force sum of the same rows, over random groups, random ranges
 * (aligned, ragged to the nanosecond, open, empty, outside the data) and values from 0 to just under 10^38, where
 * long prefix sums overflow and must switch to exact arithmetic.
 */
class ServingIndexTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final int HOURS = 24 * 40;
    private static final BigInteger NEAR_10_38 = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);
    private static final int MEASURES = 3;

    private record Row(List<String> group, long epochSecond, BigInteger[] measures) {
    }

    @Test
    void rangeSumsAndSeriesShouldEqualABruteForceSum() {
        Random random = new Random(20261207L);
        for (int round = 0; round < 20; round++) {
            List<Row> rows = randomRows(random, round);
            for (ServingIndex.Layout layout : List.of(ServingIndex.Layout.TIME_MAJOR, ServingIndex.Layout.PER_GROUP)) {
                checkAgainstBruteForce(random, round, rows, build(rows, layout));
            }
        }
    }

    private static void checkAgainstBruteForce(Random random, int round, List<Row> rows, ServingIndex index) {
        {
            assertThat(index.rows()).isEqualTo(rows.size());
            for (int i = 0; i < 100; i++) {
                TimeRange range = randomRange(random);
                assertThat(toLists(index.sumsByGroup(range))).as("round %d range %s", round, range)
                        .isEqualTo(toLists(bruteByGroup(rows, range)));
                List<String> group = List.of("g" + random.nextInt(8));
                for (long step : new long[] {3600, 86_400}) {
                    Map<Instant, BigInteger[]> series = index.series(group, range, step);
                    Map<Instant, BigInteger[]> expected = bruteSeries(rows, group, range, step);
                    assertThat(toLists(series)).as("round %d series %s %s", round, range, step)
                            .isEqualTo(toLists(expected));
                    assertThat(List.copyOf(series.keySet())).as("in time order").isEqualTo(List.copyOf(expected.keySet()));
                }
            }
        }
    }

    @Test
    void aDenseTableShouldBeLaidOutTimeMajorAndASparseOnePerGroup() {
        List<Row> dense = new ArrayList<>();
        List<Row> sparse = new ArrayList<>();
        for (int hour = 0; hour < 2000; hour++) {
            long time = START.plus(Duration.ofHours(hour)).getEpochSecond();
            for (int g = 0; g < 50; g++) {
                dense.add(new Row(List.of("g" + g), time, new BigInteger[] {BigInteger.ONE}));
            }
            // A group per hour: 2,000 groups x 2,000 times would be 4 million cells for 2,000 rows.
            sparse.add(new Row(List.of("s" + hour), time, new BigInteger[] {BigInteger.ONE}));
        }
        assertThat(build(dense, ServingIndex.Layout.BY_DENSITY).timeMajor()).isTrue();
        ServingIndex perGroup = build(sparse, ServingIndex.Layout.BY_DENSITY);
        assertThat(perGroup.timeMajor()).isFalse();
        assertThat(perGroup.sumsByGroup(TimeRange.all())).hasSize(2000);
    }

    /**
     * A count near 2^63 (the hostile-input issue's wide sums): the time-major layout keeps that measure's prefixes as
     * BigIntegers, and the other measure as longs; a window whose prefixes fit a long but whose difference does not
     * (negative values) is exact too. Both layouts answer the same, exact numbers.
     */
    @Test
    void sumsPastALongShouldFallBackToTheWidePathExactly() {
        long nearMax = Long.MAX_VALUE - 5;
        long quarter = 1L << 62;
        List<Row> rows = List.of(
                new Row(List.of("a"), hour(0), values(nearMax, -quarter)),
                new Row(List.of("b"), hour(0), values(1, 7)),
                new Row(List.of("a"), hour(1), values(10, quarter + 3)),
                new Row(List.of("b"), hour(1), values(2, 0)),
                new Row(List.of("a"), hour(2), values(1, quarter)));
        for (ServingIndex.Layout layout : List.of(ServingIndex.Layout.TIME_MAJOR, ServingIndex.Layout.PER_GROUP)) {
            ServingIndex index = build(rows, layout);
            int a = index.id(List.of("a"));
            int b = index.id(List.of("b"));
            WindowSums all = index.window(TimeRange.all());
            assertThat(all.wide(0)).as("%s: a's count passes 2^63", layout).isTrue();
            assertThat(all.value(0, a)).isEqualTo(BigInteger.valueOf(nearMax).add(BigInteger.valueOf(11)));
            assertThat(all.value(0, b)).isEqualTo(BigInteger.valueOf(3));
            WindowSums first = index.window(TimeRange.of(Instant.ofEpochSecond(hour(0)), Instant.ofEpochSecond(hour(1))));
            assertThat(first.value(0, a)).isEqualTo(BigInteger.valueOf(nearMax));
            // Hours 1 and 2 of measure 1: every prefix fits a long, their difference (2^63 + 3) does not.
            WindowSums late = index.window(TimeRange.of(Instant.ofEpochSecond(hour(1)), Instant.ofEpochSecond(hour(3))));
            assertThat(late.wide(1)).as("%s", layout).isTrue();
            assertThat(late.value(1, a)).isEqualTo(BigInteger.TWO.pow(63).add(BigInteger.valueOf(3)));
            assertThat(late.value(1, b)).isEqualTo(BigInteger.ZERO);
            assertThat(late.present(b)).as("b has a row in hour 1, whose sums are zero in measure 1").isTrue();
            assertThat(index.window(TimeRange.of(Instant.ofEpochSecond(hour(2)), Instant.ofEpochSecond(hour(3))))
                    .present(b)).isFalse();
        }
        ServingIndex timeMajor = build(rows, ServingIndex.Layout.TIME_MAJOR);
        WindowSums small = timeMajor.window(TimeRange.of(Instant.ofEpochSecond(hour(0)), Instant.ofEpochSecond(hour(1))));
        assertThat(small.wide(1)).as("measure 1 stays in longs where it fits").isFalse();
        assertThat(small.small(1, timeMajor.id(List.of("b")))).isEqualTo(7);
    }

    @Test
    void exactSumShouldNeverWrap() {
        ExactSum sum = new ExactSum();
        sum.add(Long.MAX_VALUE);
        sum.add(Long.MAX_VALUE);
        sum.addDifference(Long.MAX_VALUE, Long.MIN_VALUE);
        sum.add(NEAR_10_38);
        sum.add(-1);
        BigInteger expected = BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TWO)
                .add(BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(Long.MIN_VALUE)))
                .add(NEAR_10_38).subtract(BigInteger.ONE);
        assertThat(sum.value()).isEqualTo(expected);
    }

    @Test
    void rowsOutOfTimeOrderShouldBeRefused() {
        ServingIndex.Builder builder = new ServingIndex.Builder(1);
        builder.add(List.of("a"), 7200, new BigInteger[] {BigInteger.ONE});
        assertThatThrownBy(() -> builder.add(List.of("a"), 3600, new BigInteger[] {BigInteger.ONE}))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of time order");
    }

    private static long hour(int hour) {
        return START.plus(Duration.ofHours(hour)).getEpochSecond();
    }

    private static BigInteger[] values(long... values) {
        BigInteger[] measures = new BigInteger[values.length];
        for (int m = 0; m < values.length; m++) {
            measures[m] = BigInteger.valueOf(values[m]);
        }
        return measures;
    }

    // Each round mixes small counts with, in some rounds, values that overflow a long alone or once summed.
    private static List<Row> randomRows(Random random, int round) {
        List<Row> rows = new ArrayList<>();
        for (int hour = 0; hour < HOURS; hour++) {
            for (int g = 0; g < 6; g++) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                BigInteger[] measures = new BigInteger[MEASURES];
                measures[0] = BigInteger.valueOf(1 + random.nextInt(500));
                measures[1] = switch (round % 4) {
                    case 0 -> BigInteger.valueOf(random.nextInt(1_000_000));
                    case 1 -> BigInteger.valueOf(Long.MAX_VALUE - random.nextInt(1000));
                    case 2 -> random.nextInt(50) == 0 ? NEAR_10_38.subtract(BigInteger.valueOf(random.nextInt(1000)))
                            : BigInteger.valueOf(random.nextInt(1000));
                    default -> NEAR_10_38.subtract(BigInteger.valueOf(random.nextInt(1_000_000)));
                };
                measures[2] = BigInteger.valueOf(random.nextLong() >>> 2);
                rows.add(new Row(List.of("g" + g), START.plus(Duration.ofHours(hour)).getEpochSecond(), measures));
            }
        }
        return rows;
    }

    private static ServingIndex build(List<Row> rows, ServingIndex.Layout layout) {
        ServingIndex.Builder builder = new ServingIndex.Builder(rows.get(0).measures().length, layout);
        rows.forEach(row -> builder.add(row.group(), row.epochSecond(), row.measures()));
        return builder.build("run-1");
    }

    private static TimeRange randomRange(Random random) {
        Instant from = START.plus(Duration.ofHours(random.nextInt(HOURS + 48) - 24));
        if (random.nextBoolean()) {
            from = from.plusNanos(random.nextLong(Duration.ofHours(1).toNanos()));
        }
        Instant to = from.plusSeconds(1 + random.nextInt(3600 * 24 * 35));
        if (random.nextInt(4) == 0) {
            to = from.plusNanos(1 + random.nextInt(1000));
        }
        return switch (random.nextInt(8)) {
            case 0 -> new TimeRange(Optional.empty(), Optional.of(to));
            case 1 -> new TimeRange(Optional.of(from), Optional.empty());
            case 2 -> TimeRange.all();
            default -> TimeRange.of(from, to);
        };
    }

    private static boolean inRange(TimeRange range, long epochSecond) {
        Instant time = Instant.ofEpochSecond(epochSecond);
        return range.from().map(from -> !time.isBefore(from)).orElse(true)
                && range.to().map(time::isBefore).orElse(true);
    }

    private static Map<List<String>, BigInteger[]> bruteByGroup(List<Row> rows, TimeRange range) {
        Map<List<String>, BigInteger[]> sums = new LinkedHashMap<>();
        rows.stream().filter(row -> inRange(range, row.epochSecond()))
                .forEach(row -> add(sums.computeIfAbsent(row.group(), g -> zeros()), row.measures()));
        return sums;
    }

    private static Map<Instant, BigInteger[]> bruteSeries(List<Row> rows, List<String> group, TimeRange range, long step) {
        Map<Instant, BigInteger[]> sums = new TreeMap<>();
        rows.stream().filter(row -> row.group().equals(group) && inRange(range, row.epochSecond()))
                .forEach(row -> add(sums.computeIfAbsent(
                        Instant.ofEpochSecond(row.epochSecond() - Math.floorMod(row.epochSecond(), step)), t -> zeros()),
                        row.measures()));
        return sums;
    }

    private static BigInteger[] zeros() {
        BigInteger[] zeros = new BigInteger[MEASURES];
        java.util.Arrays.fill(zeros, BigInteger.ZERO);
        return zeros;
    }

    private static void add(BigInteger[] sums, BigInteger[] values) {
        for (int m = 0; m < sums.length; m++) {
            sums[m] = sums[m].add(values[m]);
        }
    }

    // Arrays compare by identity: compare their contents.
    private static <K> Map<K, List<BigInteger>> toLists(Map<K, BigInteger[]> sums) {
        Map<K, List<BigInteger>> lists = new LinkedHashMap<>();
        sums.forEach((key, values) -> lists.put(key, List.of(values)));
        return lists;
    }
}
