package io.lambdaarch.bench.figures;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.bench.report.Figure;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncrementalFigureTest {
    private static IncrementalFigure.Scale scale(int multiple, long fullMillis, long incrementalMillis) {
        return new IncrementalFigure.Scale(multiple, 200_000L * multiple, 92, Duration.ofMillis(fullMillis),
                Duration.ofMillis(incrementalMillis), 1.5);
    }

    @Test
    void shouldCompareTheIncrementalRunWithAFullRecomputeAndWithItselfAtFourTimesTheHistory() {
        List<Figure> figures = IncrementalFigure.figures(List.of(scale(1, 4000, 200), scale(4, 16000, 240)));

        assertThat(figures).extracting(Figure::id).containsExactly("incremental", "incremental-4x");
        Figure incremental = figures.get(0);
        assertThat(incremental.ratio().getAsDouble()).isEqualTo(0.05);
        assertThat(incremental.targetCell()).isEqualTo("<= 0.1x");
        assertThat(incremental.met()).isTrue();
        Figure growth = figures.get(1);
        assertThat(growth.ratio().getAsDouble()).isEqualTo(1.2);
        assertThat(growth.targetCell()).isEqualTo("flat: <= 1.25x");
        assertThat(growth.met()).isTrue();
    }

    @Test
    void shouldMissWhenTheRunGrowsWithTheHistory() {
        List<Figure> figures = IncrementalFigure.figures(List.of(scale(1, 4000, 500), scale(4, 16000, 2000)));

        assertThat(figures.get(0).met()).as("0.125x a full recompute").isFalse();
        assertThat(figures.get(1).ratio().getAsDouble()).isEqualTo(4.0);
        assertThat(figures.get(1).met()).isFalse();
    }
}
