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
            ServingIndex index = build(rows);
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

    private static ServingIndex build(List<Row> rows) {
        ServingIndex.Builder builder = new ServingIndex.Builder(MEASURES);
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
