package io.lambdaarch.serving.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The columns read back what was added, across growth and across values that do not fit a long. */
class MeasureColumnBufferTest {
    private static final BigInteger BEYOND_LONG = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);

    @Test
    void rowsShouldReadBackAsAddedAcrossGrowthAndValuesBeyondALong() {
        Random random = new Random(20261207L);
        int measureCount = 3;
        MeasureColumnBuffer columns = new MeasureColumnBuffer(measureCount, 1);
        List<BigInteger[]> added = new ArrayList<>();
        long[] small = new long[measureCount];
        BigInteger[] big = new BigInteger[measureCount];
        for (int row = 0; row < 1000; row++) {
            BigInteger[] measures = new BigInteger[measureCount];
            measures[0] = BigInteger.valueOf(random.nextLong());
            // Measure 1 passes a long from row 100 on, now and then, so its overflow column is born after some growth
            // and must grow with the long one from then on.
            measures[1] = row >= 100 && random.nextInt(7) == 0
                    ? BEYOND_LONG.multiply(BigInteger.valueOf(1 + random.nextInt(1000))).negate()
                    : BigInteger.valueOf(random.nextInt(1000));
            measures[2] = BigInteger.valueOf(Long.MIN_VALUE + random.nextInt(3));
            split(measures, small, big);
            columns.add(small, big);
            added.add(measures);
        }

        assertThat(columns.rows()).isEqualTo(1000);
        assertThat(columns.overflow(0)).as("no value of measure 0 passes a long").isNull();
        assertThat(columns.overflow(2)).as("Long.MIN_VALUE still fits one").isNull();
        assertThat(columns.overflow(1)).hasSameSizeAs(columns.values(1));
        for (int row = 0; row < added.size(); row++) {
            columns.read(row, small, big);
            assertThat(joined(small, big)).as("row %d", row).containsExactly(added.get(row));
            for (int m = 0; m < measureCount; m++) {
                BigInteger[] overflow = columns.overflow(m);
                BigInteger value = overflow != null && overflow[row] != null
                        ? overflow[row] : BigInteger.valueOf(columns.values(m)[row]);
                assertThat(value).as("row %d measure %d by column", row, m).isEqualTo(added.get(row)[m]);
            }
        }
    }

    @Test
    void aValueBeyondALongShouldGetAnOverflowColumnForItsMeasureOnly() {
        MeasureColumnBuffer columns = new MeasureColumnBuffer(2, 4);

        columns.add(new long[] {5, 6}, new BigInteger[] {null, null});
        columns.add(new long[] {7, 0}, new BigInteger[] {null, BEYOND_LONG});
        columns.add(new long[] {8, 9}, new BigInteger[] {null, null});

        assertThat(columns.overflow(0)).isNull();
        assertThat(columns.overflow(1)).startsWith(null, BEYOND_LONG, null);
        long[] small = new long[2];
        BigInteger[] big = new BigInteger[2];
        columns.read(1, small, big);
        assertThat(big).containsExactly(null, BEYOND_LONG);
        columns.read(2, small, big);
        assertThat(small).containsExactly(8, 9);
        assertThat(big).containsExactly(null, null);
        // The prefix sums built from the columns stay exact past 2^63.
        ExactSum sum = new ExactSum();
        PrefixSums.of(columns.values(1), columns.overflow(1), columns.rows()).addRange(0, 3, sum);
        assertThat(sum.value()).isEqualTo(BEYOND_LONG.add(BigInteger.valueOf(15)));
    }

    @Test
    void aCallerReusingItsArraysShouldNotChangeRowsAlreadyAdded() {
        MeasureColumnBuffer columns = new MeasureColumnBuffer(1, 2);
        long[] small = {1};
        BigInteger[] big = {BEYOND_LONG};
        columns.add(small, big);
        big[0] = null;
        small[0] = 2;
        columns.add(small, big);

        columns.read(0, small, big);
        assertThat(big[0]).isEqualTo(BEYOND_LONG);
        columns.read(1, small, big);
        assertThat(small[0]).isEqualTo(2);
        assertThat(big[0]).isNull();
    }

    @Test
    void shouldRejectACapacityBelowOne() {
        assertThatThrownBy(() -> new MeasureColumnBuffer(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("initialCapacity 0");
    }

    private static void split(BigInteger[] measures, long[] small, BigInteger[] big) {
        for (int m = 0; m < measures.length; m++) {
            if (measures[m].bitLength() < Long.SIZE) {
                small[m] = measures[m].longValue();
                big[m] = null;
            } else {
                small[m] = 0;
                big[m] = measures[m];
            }
        }
    }

    private static BigInteger[] joined(long[] small, BigInteger[] big) {
        BigInteger[] values = new BigInteger[small.length];
        for (int m = 0; m < small.length; m++) {
            values[m] = big[m] != null ? big[m] : BigInteger.valueOf(small[m]);
        }
        return values;
    }
}
