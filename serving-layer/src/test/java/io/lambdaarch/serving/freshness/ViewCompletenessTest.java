package io.lambdaarch.serving.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.ledger.ViewDefinitionState;
import io.lambdaarch.common.ledger.ViewDefinitionState.State;
import io.lambdaarch.common.ledger.ViewDefinitions;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ViewCompletenessTest {
    private static final ViewCatalog VIEWS = ViewCatalog.shipped();
    private static final NamedView DEFAULT = VIEWS.defaultView();
    private static final NamedView LANG_DAY = VIEWS.find("lang_day").orElseThrow();
    private static final Instant SINCE = Instant.parse("2026-11-26T10:00:00Z");
    private final ViewCompleteness completeness = new ViewCompleteness(new ViewDefinitions(), DEFAULT);

    @Test
    void aViewTheLedgerHasBuiltWithItsDefinitionShouldBeWhole() {
        assertThat(completeness.incompleteReason(state(LANG_DAY, LANG_DAY.fingerprint(), State.COMPLETE), LANG_DAY))
                .isEmpty();
    }

    @Test
    void onlyTheDefaultViewMayBeWholeWithoutALedgerRow() {
        // batch_view of a warehouse made before the ledger knew views
        assertThat(completeness.incompleteReason(Optional.empty(), DEFAULT)).isEmpty();
        assertThat(completeness.incompleteReason(Optional.empty(), LANG_DAY))
                .contains("view lang_day has not been built by the batch layer yet");
    }

    @Test
    void aViewBeingBuiltOrOfAnotherDefinitionShouldNotBeWhole() {
        assertThat(completeness.incompleteReason(state(LANG_DAY, LANG_DAY.fingerprint(), State.BUILDING), LANG_DAY))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("view lang_day is being built")
                        .contains(SINCE.toString()));
        assertThat(completeness.incompleteReason(state(DEFAULT, LANG_DAY.fingerprint(), State.COMPLETE), DEFAULT))
                .contains("view view changed; the batch layer has not rebuilt it yet");
    }

    @Test
    void anIncompleteBlockShouldKeepItsOwnReasonToo() {
        Freshness complete = new Freshness(SINCE, null, null, null, null, null, null, null, null, null, "n/a", true, "ok");
        Freshness gap = new Freshness(SINCE, null, null, null, null, null, null, null, null, null, "n/a", false, "a gap");

        assertThat(complete.incomplete("view x is being built").completeReason()).isEqualTo("view x is being built");
        assertThat(gap.incomplete("view x is being built").completeReason()).isEqualTo("a gap; view x is being built");
        assertThat(gap.incomplete("y").complete()).isFalse();
    }

    private static Optional<ViewDefinitionState> state(NamedView view, String fingerprint, State state) {
        return Optional.of(new ViewDefinitionState(view.name(), fingerprint, state, SINCE));
    }
}
