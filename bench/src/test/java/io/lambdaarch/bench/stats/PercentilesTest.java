package io.lambdaarch.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PercentilesTest {
    private static final long[] ONE_TO_HUNDRED = LongStream.rangeClosed(1, 100).toArray();

    @Test
    void shouldPickTheSmallestSampleThatCoversThePercentile() {
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 50)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 99)).isEqualTo(99);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 99.5)).isEqualTo(100);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 100)).isEqualTo(100);
        assertThat(Percentiles.nearestRank(ONE_TO_HUNDRED, 0.5)).isEqualTo(1);
    }

    @Test
    void shouldRoundRanksUpOnSmallSamples() {
        long[] three = {10, 20, 30};
        assertThat(Percentiles.nearestRank(three, 50)).isEqualTo(20);
        assertThat(Percentiles.nearestRank(three, 99)).isEqualTo(30);
        assertThat(Percentiles.nearestRank(three, 33)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(new long[] {7}, 99)).isEqualTo(7);
    }

    @Test
    void shouldTakeTheMedianOfUnsortedSamplesWithoutChangingThem() {
        long[] samples = {9, 1, 5, 3, 7};
        assertThat(Percentiles.median(samples)).isEqualTo(5);
        assertThat(samples).containsExactly(9, 1, 5, 3, 7);
    }

    @Test
    void shouldRejectNoSamplesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> Percentiles.nearestRank(new long[0], 50)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(ONE_TO_HUNDRED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.nearestRank(ONE_TO_HUNDRED, 100.1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSummarizeLatenciesInMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 200).map(i -> i * 1_000_000).toArray();
        LatencySummary summary = LatencySummary.of(nanos);
        assertThat(summary.count()).isEqualTo(200);
        assertThat(summary.p50Millis()).isEqualTo(100.0);
        assertThat(summary.p99Millis()).isEqualTo(198.0);
        assertThat(summary.maxMillis()).isEqualTo(200.0);
    }
}
