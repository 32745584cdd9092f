package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRunMode;
import java.time.Instant;
import java.util.Optional;

/**
 * What a batch run changed in batch_view, known inside its transaction: after a full recompute every row may have
 * changed; after an incremental run only the event hours from {@code firstEventHour} to {@code lastEventHour} (empty
 * when nothing new was ingested). Tables derived from batch_view refresh from this in the same transaction.
 *
 * @param mode how the run changed the view
 * @param firstEventHour the earliest event_hour the run touched, if any
 * @param lastEventHour the latest event_hour the run touched, if any
 */
public record BatchViewChange(BatchRunMode mode, Optional<Instant> firstEventHour, Optional<Instant> lastEventHour) {
    public BatchViewChange {
        requireNonNull(mode, "mode is null");
        requireNonNull(firstEventHour, "firstEventHour is null");
        requireNonNull(lastEventHour, "lastEventHour is null");
        if (firstEventHour.isPresent() != lastEventHour.isPresent()) {
            throw new IllegalArgumentException("a touched range has both ends or none");
        }
    }

    /** A full recompute: every event hour may have changed. */
    public static BatchViewChange full() {
        return new BatchViewChange(BatchRunMode.FULL, Optional.empty(), Optional.empty());
    }

    /** True when every row of batch_view may have changed. */
    public boolean everything() {
        return mode == BatchRunMode.FULL;
    }

    /** For progress lines. */
    public String describe() {
        if (everything()) {
            return "batch_view rebuilt";
        }
        return firstEventHour.map(first -> "event hours " + first + " to " + lastEventHour.orElseThrow() + " changed")
                .orElse("nothing new");
    }
}
