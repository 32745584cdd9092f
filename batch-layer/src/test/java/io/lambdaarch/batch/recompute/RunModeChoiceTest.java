package io.lambdaarch.batch.recompute;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
import io.lambdaarch.common.ledger.BatchRunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunModeChoiceTest {
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:30Z");
    private static final Instant CUTOFF = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final String SETTING = "LAMBDA_BATCH_FULL_RECOMPUTE_EVERY";

    @Test
    void shouldAddOnlyWhatIsNewWhenAFullRecomputeIsNotDue() {
        RunModeChoice choice = RunModeChoice.choose(false, previous(CUTOFF.minusSeconds(3600)), CUTOFF,
                Optional.of(NOW.minus(Duration.ofHours(23))), NOW, DAY, SETTING);

        assertThat(choice.mode()).isEqualTo(BatchRunMode.INCREMENTAL);
        assertThat(choice.reason()).contains("2026-12-07T09:00:00Z");
    }

    @Test
    void shouldRecomputeInFullWhenAskedOrWhenNothingCanBeAddedTo() {
        Optional<Instant> recentFull = Optional.of(NOW.minusSeconds(60));

        assertThat(RunModeChoice.choose(true, previous(CUTOFF), CUTOFF, recentFull, NOW, DAY, SETTING))
                .isEqualTo(new RunModeChoice(BatchRunMode.FULL, "--full"));
        assertThat(RunModeChoice.choose(false, Optional.empty(), CUTOFF, Optional.empty(), NOW, DAY, SETTING).mode())
                .isEqualTo(BatchRunMode.FULL);
        assertThat(RunModeChoice.choose(false, previous(CUTOFF.plusSeconds(3600)), CUTOFF, recentFull, NOW, DAY, SETTING))
                .satisfies(c -> assertThat(c.mode()).isEqualTo(BatchRunMode.FULL))
                .satisfies(c -> assertThat(c.reason()).contains("moved back"));
        assertThat(RunModeChoice.choose(false, previous(CUTOFF), CUTOFF, Optional.empty(), NOW, DAY, SETTING).mode())
                .isEqualTo(BatchRunMode.FULL);
    }

    @Test
    void shouldRecomputeInFullOnceTheSettingHasPassedSinceTheLastFullOne() {
        RunModeChoice due = RunModeChoice.choose(false, previous(CUTOFF), CUTOFF, Optional.of(NOW.minus(DAY)), NOW, DAY, SETTING);

        assertThat(due.mode()).isEqualTo(BatchRunMode.FULL);
        assertThat(due.reason()).isEqualTo("the last full recompute finished 1d ago (" + SETTING + " 1d)");
        assertThat(RunModeChoice.choose(false, previous(CUTOFF), CUTOFF, Optional.of(NOW), NOW, Duration.ZERO, SETTING).mode())
                .as("0s: every run is full")
                .isEqualTo(BatchRunMode.FULL);
    }

    private static Optional<BatchRun> previous(Instant cutoff) {
        return Optional.of(new BatchRun("run-1", NOW.minusSeconds(7200), NOW.minusSeconds(7100), cutoff, 3600, 10, 5, 100,
                BatchRunStatus.SUCCEEDED, BatchRunMode.INCREMENTAL));
    }
}
