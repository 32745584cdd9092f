package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One row of view_definitions: the definition (by fingerprint) the batch layer last built a view's tables for, and
 * whether the view is whole.
 *
 * @param name the view's name
 * @param fingerprint {@code NamedView.fingerprint()} of the definition its batch tables hold
 * @param state {@link State#BUILDING} until a batch run's cutoff reaches {@code since}, then {@link State#COMPLETE}
 * @param since when the batch layer first saw this definition (the first run that read it)
 */
public record ViewDefinitionState(String name, String fingerprint, State state, Instant since) {
    /** Whether the merged answer of a view holds every event. */
    public enum State {
        /**
         * Its batch tables are built (from first_copies, below a cutoff), but the speed layer started aggregating it
         * only at about {@code since}: events ingested between that cutoff and {@code since} are in neither layer yet.
         */
        BUILDING,
        /** A batch run's cutoff has reached {@code since}: batch covers what speed did not see. */
        COMPLETE;

        String sqlValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static State fromSqlValue(String value) {
            return valueOf(value.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public ViewDefinitionState {
        requireNonNull(name, "name is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(state, "state is null");
        requireNonNull(since, "since is null");
    }

    public boolean complete() {
        return state == State.COMPLETE;
    }
}
