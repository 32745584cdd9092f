package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.ViewDefinitionState;
import java.util.Optional;

/**
 * What one request reads of the ledger, in one statement: both layers' progress and the batch layer's record of the
 * view the request asks about (view_definitions), if it has one.
 */
public record LedgerReading(WarehouseFreshness warehouse, Optional<ViewDefinitionState> definition) {
    public LedgerReading {
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(definition, "definition is null");
    }
}
