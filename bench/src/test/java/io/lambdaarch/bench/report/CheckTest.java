package io.lambdaarch.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckTest {
    @Test
    void shouldMeetARatioAtLeastOnlyFromTheMinimumOn() {
        assertThat(Check.ratioAtLeast(0.79, 0.8)).extracting(Check::target, Check::met).containsExactly(">= 0.8x", false);
        assertThat(Check.ratioAtLeast(0.8, 0.8).met()).isTrue();
        assertThat(Check.ratioAtLeast(2.5, 0.5)).extracting(Check::target, Check::met).containsExactly(">= 0.5x", true);
    }

    @Test
    void shouldMeetARatioAtMostOnlyUpToTheMaximum() {
        assertThat(Check.ratioAtMost(1.5, 1.5)).extracting(Check::target, Check::met).containsExactly("<= 1.5x", true);
        assertThat(Check.ratioAtMost(1.51, 1.5).met()).isFalse();
        assertThat(Check.ratioAtMost(5.0, 5).target()).isEqualTo("<= 5x");
    }

    @Test
    void shouldWriteAnAbsoluteLimitWithItsUnit() {
        assertThat(Check.atMost("p99", 49.9, 50, Unit.MILLISECONDS)).extracting(Check::target, Check::met).containsExactly("p99 <= 50 ms", true);
        assertThat(Check.atMost("p99", 50.1, 50, Unit.MILLISECONDS).met()).isFalse();
    }

    @Test
    void shouldMeasureHowFarInsideTheTargetAValueIs() {
        assertThat(Check.ratioAtLeast(0.88, 0.8).margin()).isCloseTo(0.1, within(1e-9));
        assertThat(Check.ratioAtLeast(0.72, 0.8).margin()).isCloseTo(-0.1, within(1e-9));
        assertThat(Check.ratioAtMost(1.35, 1.5).margin()).isCloseTo(0.1, within(1e-9));
        assertThat(Check.atMost("p99", 55, 50, Unit.MILLISECONDS).margin()).isCloseTo(-0.1, within(1e-9));
        assertThat(Check.holds("lag not growing", false).margin()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Check.holds("lag not growing", true).margin()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void shouldCountAFigureMetOnlyWhenEveryTargetIs() {
        Figure twoTargets = Figure.measured("speed", "speed freshness", List.of(new Value("p99", 900, Unit.MILLISECONDS)),
                "trigger interval", List.of(new Value("", 1000, Unit.MILLISECONDS)), 0.9,
                List.of(Check.holds("p99 <= 3x trigger", true), Check.holds("lag not growing", false)), List.of());

        assertThat(twoTargets.met()).isFalse();
        assertThat(twoTargets.verdict()).isEqualTo("NO");
        assertThat(twoTargets.targetCell()).isEqualTo("p99 <= 3x trigger; lag not growing (missed)");
        assertThat(twoTargets.ratioCell()).isEqualTo("0.90x");
    }

    @Test
    void shouldReportAFailedFigureAsAnErrorThatMeetsNothing() {
        Figure failed = Figure.failed("landing", "landing throughput", "COPY", List.of(">= 0.5x"),
                "batch-land-1x exited with code 1; last lines of /tmp/logs/batch-land-1x.log: ERROR: the warehouse is down");

        assertThat(failed.met()).isFalse();
        assertThat(failed.verdict()).isEqualTo("ERROR");
        assertThat(failed.ratioCell()).isEqualTo("-");
        assertThat(failed.oursCell()).startsWith("failed: batch-land-1x exited").endsWith("...").hasSize(68);
        assertThat(failed.notes()).containsExactly("not measured: batch-land-1x exited with code 1; last lines of"
                + " /tmp/logs/batch-land-1x.log: ERROR: the warehouse is down");
    }
}
