package io.lambdaarch.serving.index;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The batch table's prefix sums laid out time-major: for the {@code T} distinct event times of the table in order and
 * its {@code G} groups, cell {@code t * G + g} of a measure's one array is group g's sum over the times before the
 * t-th. A window is then two rows of {@code G} cells and one subtraction pass over them, read in memory order, where a
 * per-group layout (one array per group, {@link GroupSeries}) reads two scattered cells per group: that scattering was
 * 45 % of an index answer's CPU in a JFR of {@code serve} (docs/serving-layer.md). Row counts are prefix-summed the
 * same way, so a group with rows in a window whose sums are zero is still in the answer, as in SQL.
 *
 * <p>A measure whose prefix sums all fit a long is held in a {@code long[]} (checked with {@link Math#addExact} as they
 * are built); one where a single prefix does not (NUMERIC(38,0) values may pass 2^63) is held as BigIntegers for that
 * measure only, a cell without a row sharing its predecessor's value. Immutable.
 */
final class TimeMajorSums {
    private final long[] times;
    private final int groups;
    private final int[] counts;
    private final long[][] small;
    private final BigInteger[][] big;

    private TimeMajorSums(long[] times, int groups, int[] counts, long[][] small, BigInteger[][] big) {
        this.times = times;
        this.groups = groups;
        this.counts = counts;
        this.small = small;
        this.big = big;
    }

    /** How many cells a table of {@code times} distinct times and {@code groups} groups needs per measure. */
    static long cells(int times, int groups) {
        return (times + 1L) * groups;
    }

    /**
     * Builds from the rows of {@code measures}, in time order: row i at the {@code timeIndex[i]}-th distinct time
     * ({@code times}), of group {@code groupIds[i]}. At most one row per group and time.
     */
    static TimeMajorSums build(long[] times, int groups, int[] timeIndex, int[] groupIds, MeasureColumnBuffer measures) {
        int rows = measures.rows();
        int cells = Math.toIntExact(cells(times.length, groups));
        int[] counts = new int[cells];
        for (int i = 0; i < rows; i++) {
            counts[(timeIndex[i] + 1) * groups + groupIds[i]] = 1;
        }
        for (int cell = groups; cell < cells; cell++) {
            counts[cell] += counts[cell - groups];
        }
        long[][] small = new long[measures.measureCount()][];
        BigInteger[][] big = new BigInteger[measures.measureCount()][];
        for (int m = 0; m < small.length; m++) {
            long[] values = measures.values(m);
            BigInteger[] overflow = measures.overflow(m);
            small[m] = overflow == null ? smallPrefixes(cells, groups, rows, timeIndex, groupIds, values) : null;
            if (small[m] == null) {
                big[m] = bigPrefixes(cells, groups, rows, timeIndex, groupIds, values, overflow);
            }
        }
        return new TimeMajorSums(times, groups, counts, small, big);
    }

    // Null when a prefix passes a long.
    private static long[] smallPrefixes(int cells, int groups, int rows, int[] timeIndex, int[] groupIds, long[] values) {
        long[] prefix = new long[cells];
        for (int i = 0; i < rows; i++) {
            prefix[(timeIndex[i] + 1) * groups + groupIds[i]] = values[i];
        }
        try {
            for (int cell = groups; cell < cells; cell++) {
                prefix[cell] = Math.addExact(prefix[cell], prefix[cell - groups]);
            }
        } catch (ArithmeticException overflow) {
            return null;
        }
        return prefix;
    }

    private static BigInteger[] bigPrefixes(int cells, int groups, int rows, int[] timeIndex, int[] groupIds,
            long[] values, BigInteger[] overflow) {
        BigInteger[] prefix = new BigInteger[cells];
        for (int i = 0; i < rows; i++) {
            BigInteger value = overflow != null && overflow[i] != null ? overflow[i] : BigInteger.valueOf(values[i]);
            prefix[(timeIndex[i] + 1) * groups + groupIds[i]] = value;
        }
        Arrays.fill(prefix, 0, groups, BigInteger.ZERO);
        for (int cell = groups; cell < cells; cell++) {
            BigInteger before = prefix[cell - groups];
            prefix[cell] = prefix[cell] == null ? before : before.add(prefix[cell]);
        }
        return prefix;
    }

    /** The first distinct time at or after {@code epochSecond} (the count of times when there is none). */
    int lowerBound(long epochSecond) {
        int found = Arrays.binarySearch(times, epochSecond);
        return found >= 0 ? found : -found - 1;
    }

    int timeCount() {
        return times.length;
    }

    long time(int index) {
        return times[index];
    }

    /** Writes every group's rows in times {@code [from, to)} (indexes of distinct times) into {@code into}. */
    void window(int from, int to, WindowSums into) {
        int low = from * groups;
        int high = to * groups;
        for (int g = 0; g < groups; g++) {
            if (counts[high + g] != counts[low + g]) {
                into.markPresent(g);
            }
        }
        for (int m = 0; m < small.length; m++) {
            if (small[m] != null) {
                long[] prefix = small[m];
                long[] column = into.smallColumn(m);
                for (int g = 0; g < groups; g++) {
                    long minuend = prefix[high + g];
                    long subtrahend = prefix[low + g];
                    long difference = minuend - subtrahend;
                    // Overflow only when the operands' signs differ and the result's is not the minuend's
                    // (Math.subtractExact's test, without the throw).
                    if (((minuend ^ subtrahend) & (minuend ^ difference)) < 0) {
                        into.setBig(m, g, BigInteger.valueOf(minuend).subtract(BigInteger.valueOf(subtrahend)));
                    } else {
                        column[g] = difference;
                    }
                }
            } else {
                BigInteger[] prefix = big[m];
                for (int g = 0; g < groups; g++) {
                    into.setBig(m, g, prefix[high + g].subtract(prefix[low + g]));
                }
            }
        }
    }

    /** Whether {@code group} has a row at the {@code time}-th distinct time. */
    boolean hasRow(int time, int group) {
        return counts[(time + 1) * groups + group] != counts[time * groups + group];
    }

    /** Adds {@code group}'s sums over times {@code [from, to)} to {@code into}, one per measure. */
    void addRange(int group, int from, int to, ExactSum[] into) {
        int low = from * groups + group;
        int high = to * groups + group;
        for (int m = 0; m < into.length; m++) {
            if (small[m] != null) {
                into[m].addDifference(small[m][high], small[m][low]);
            } else {
                into[m].add(big[m][high].subtract(big[m][low]));
            }
        }
    }

    /** Whether measure m is held as BigIntegers (a prefix passed a long). */
    boolean wide(int measure) {
        return small[measure] == null;
    }

    long bytes() {
        long bytes = 8L * times.length + 4L * counts.length;
        for (int m = 0; m < small.length; m++) {
            // A BigInteger below 2^128 is about 56 bytes with its int[] and the array slot.
            bytes += small[m] != null ? 8L * small[m].length : 56L * big[m].length;
        }
        return bytes;
    }
}
