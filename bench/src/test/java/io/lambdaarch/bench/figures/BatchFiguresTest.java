package io.lambdaarch.bench.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.bench.jdbc.PostgresBaselines.Timed;
import io.lambdaarch.bench.kafka.KafkaTools.ConsumerPerformanceResult;
import io.lambdaarch.bench.report.Figure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchFiguresTest {
    private static BatchFigures.Scale scale(int multiple, double landSeconds, double consumerRate, double copySeconds,
            double recomputeSeconds, double ctasSeconds) {
        long events = 100_000L * multiple;
        Duration land = Duration.ofMillis((long) (landSeconds * 1000));
        return new BatchFigures.Scale(multiple, events, land,
                new ConsumerPerformanceResult(events, consumerRate * 0.8, consumerRate),
                new Timed(events, Duration.ofMillis((long) (copySeconds * 1000))), Duration.ofMillis((long) (recomputeSeconds * 1000)),
                5_000, Duration.ofMillis((long) (ctasSeconds * 1000)), land.plusSeconds(2), Duration.ofSeconds(3), 4.5);
    }

    @Test
    void shouldCompareLandingWithTheSlowerBaselineAndRecomputeWithTheQuery() {
        // 1x: land 100,000 events in 4 s = 25,000/s; consumer 60,000/s, COPY 100,000 rows in 2 s = 50,000/s.
        List<Figure> figures = BatchFigures.figures(List.of(scale(1, 4, 60_000, 2, 3, 1.5), scale(2, 7, 60_000, 4, 5, 3),
                scale(4, 21, 60_000, 8, 10, 6)));

        Figure landing = figures.get(0);
        assertThat(landing.id()).isEqualTo("landing");
        assertThat(landing.ratio().getAsDouble()).isEqualTo(0.5);
        assertThat(landing.met()).isTrue();
        assertThat(landing.baselineCell()).isEqualTo("consumer 60,000 events/s, COPY 50,000 events/s"
                + " (min(ConsumerPerformance, COPY FROM STDIN))");

        Figure recompute = figures.get(1);
        assertThat(recompute.ratio().getAsDouble()).isEqualTo(2.0);
        assertThat(recompute.met()).isFalse();
        assertThat(recompute.targetCell()).isEqualTo("<= 1.5x");
    }

    @Test
    void shouldJudgeGrowthAgainstTheSizeWithSomeSlack() {
        List<Figure> figures = BatchFigures.figures(List.of(scale(1, 4, 60_000, 2, 3, 1.5), scale(2, 7, 60_000, 4, 5, 3),
                scale(4, 21, 60_000, 8, 10, 6)));

        assertThat(figures).extracting(Figure::id)
                .containsExactly("landing", "recompute", "landing-2x", "landing-4x", "recompute-2x", "recompute-4x");
        Figure landing2 = figures.get(2);
        assertThat(landing2.ratio().getAsDouble()).isEqualTo(1.75);
        assertThat(landing2.targetCell()).isEqualTo("near-linear: <= 2.5x");
        assertThat(landing2.met()).isTrue();
        Figure landing4 = figures.get(3);
        assertThat(landing4.ratio().getAsDouble()).isEqualTo(5.25);
        assertThat(landing4.met()).isFalse();
        assertThat(figures.get(5).ratio().getAsDouble()).isCloseTo(10.0 / 3, org.assertj.core.data.Offset.offset(1e-9));
    }
}
