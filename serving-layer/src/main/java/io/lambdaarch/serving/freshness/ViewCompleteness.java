package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.ViewDefinitionState;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.view.NamedView;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Whether one declared view is whole, from the batch layer's view_definitions ledger (read in the request's
 * transaction): a view added to the views file, or one whose definition changed, is rebuilt by the batch layer and is
 * not whole until a run's cutoff reaches the moment the speed layer started aggregating it. Until then every answer of
 * that view says {@code complete: false}, with the reason, on top of the pipeline's own completeness.
 */
public final class ViewCompleteness {
    private final ViewDefinitions definitions;
    private final NamedView defaultView;

    /**
     * @param defaultView the view a warehouse of an earlier release already built (batch_view), which the ledger
     *     may not know yet: without a row it is as complete as the pipeline says
     */
    public ViewCompleteness(ViewDefinitions definitions, NamedView defaultView) {
        this.definitions = requireNonNull(definitions, "definitions is null");
        this.defaultView = requireNonNull(defaultView, "defaultView is null");
    }

    /** {@code freshness}, made incomplete with the reason when {@code view} is not whole. */
    public Freshness apply(Connection connection, NamedView view, Freshness freshness) throws SQLException {
        return apply(view, definitions.find(connection, view.name()), freshness);
    }

    /** Like {@link #apply(Connection, NamedView, Freshness)}, with {@code view}'s view_definitions row already read. */
    public Freshness apply(NamedView view, Optional<ViewDefinitionState> state, Freshness freshness) {
        Optional<String> reason = incompleteReason(state, view);
        return reason.map(freshness::incomplete).orElse(freshness);
    }

    // Visible for testing
    Optional<String> incompleteReason(Optional<ViewDefinitionState> state, NamedView view) {
        if (state.isEmpty()) {
            if (view.equals(defaultView)) {
                return Optional.empty();
            }
            return Optional.of(String.format("view %s has not been built by the batch layer yet", view.name()));
        }
        if (!state.get().fingerprint().equals(view.fingerprint())) {
            return Optional.of(String.format("view %s changed; the batch layer has not rebuilt it yet", view.name()));
        }
        if (!state.get().complete()) {
            return Optional.of(String.format("view %s is being built: the batch layer holds its events up to the cutoff,"
                    + " the speed layer those from %s; it is whole once a recompute's cutoff reaches that",
                    view.name(), state.get().since()));
        }
        return Optional.empty();
    }
}
