package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a batch run adds only what is new (incremental) or rebuilds batch_view from every first copy (full), and
 * why. Incremental needs a previous run to add to and a cutoff that did not move back; full is forced by
 * {@code --full} and comes back every {@code fullEvery}, so the views are rebuilt from the master data regularly.
 *
 * @param mode what the run does
 * @param reason why, for the run's progress line
 */
public record RunModeChoice(BatchRunMode mode, String reason) {
    public RunModeChoice {
        requireNonNull(mode, "mode is null");
        requireNonNull(reason, "reason is null");
    }

    /**
     * @param forceFull {@code --full} was given
     * @param previous the latest successful run, whose cutoff batch_view holds
     * @param cutoff this run's cutoff
     * @param lastFull when the latest full recompute finished
     * @param now the job's clock
     * @param fullEvery how often a run is full anyway ({@code 0}: every run)
     * @param fullEverySetting the setting's name, for the reason
     */
    public static RunModeChoice choose(boolean forceFull, Optional<BatchRun> previous, Instant cutoff,
            Optional<Instant> lastFull, Instant now, Duration fullEvery, String fullEverySetting) {
        if (forceFull) {
            return full("--full");
        }
        if (previous.isEmpty()) {
            return full("no earlier batch run to add to");
        }
        Instant previousCutoff = previous.get().cutoff();
        if (cutoff.isBefore(previousCutoff)) {
            return full("the cutoff moved back from " + previousCutoff + " (the ingest bucket changed?)");
        }
        if (lastFull.isEmpty()) {
            return full("no full recompute yet");
        }
        Duration sinceFull = Duration.between(lastFull.get(), now);
        if (sinceFull.compareTo(fullEvery) >= 0) {
            return full("the last full recompute finished " + Durations.format(sinceFull.isNegative() ? Duration.ZERO : sinceFull)
                    + " ago (" + fullEverySetting + " " + Durations.format(fullEvery) + ")");
        }
        return new RunModeChoice(BatchRunMode.INCREMENTAL, "first copies ingested from the previous cutoff " + previousCutoff);
    }

    private static RunModeChoice full(String reason) {
        return new RunModeChoice(BatchRunMode.FULL, reason);
    }
}
