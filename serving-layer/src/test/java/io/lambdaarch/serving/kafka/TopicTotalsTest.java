package io.lambdaarch.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TopicTotalsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void shouldGiveTheRateOverTheSamplesOfTheWindow() {
        TopicTotals totals = new TopicTotals("tweets.dlq", Duration.ofHours(1));
        totals.add(new TopicTotals.Sample(T0, 100));
        totals.add(new TopicTotals.Sample(T0.plusSeconds(30), 130));
        totals.add(new TopicTotals.Sample(T0.plusSeconds(90), 250));

        // the last minute holds the samples at +30 s and +90 s: 120 records in 60 s
        assertThat(totals.ratePerSecond(Duration.ofMinutes(1))).contains(2.0);
        // the whole history: 150 records in 90 s
        assertThat(totals.ratePerSecond(Duration.ofMinutes(5))).hasValueSatisfying(rate -> assertThat(rate).isCloseTo(150 / 90.0,
                org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(totals.latest()).contains(new TopicTotals.Sample(T0.plusSeconds(90), 250));
    }

    @Test
    void shouldNeedTwoSamplesAndNeverReportANegativeRate() {
        TopicTotals totals = new TopicTotals("tweets.dlq", Duration.ofHours(1));
        assertThat(totals.ratePerSecond(Duration.ofMinutes(1))).isEmpty();
        totals.add(new TopicTotals.Sample(T0, 100));
        assertThat(totals.ratePerSecond(Duration.ofMinutes(1))).isEmpty();
        // the topic was deleted and created again
        totals.add(new TopicTotals.Sample(T0.plusSeconds(10), 3));
        assertThat(totals.ratePerSecond(Duration.ofMinutes(1))).isEmpty();
    }

    @Test
    void shouldForgetSamplesOlderThanItKeeps() {
        TopicTotals totals = new TopicTotals("tweets.dlq", Duration.ofMinutes(10));
        totals.add(new TopicTotals.Sample(T0, 1));
        totals.add(new TopicTotals.Sample(T0.plus(Duration.ofMinutes(5)), 2));
        totals.add(new TopicTotals.Sample(T0.plus(Duration.ofMinutes(12)), 3));

        assertThat(totals.samples()).extracting(TopicTotals.Sample::records).containsExactly(2L, 3L);
    }
}
