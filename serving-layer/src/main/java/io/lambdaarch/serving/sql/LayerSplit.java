package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

/**
 * Which layer counted what: the part of a group's measures that came from {@code batch_view} and the part from the
 * {@code speed_view} rows at or after the cutoff. The two add up to the group's measures, to the unit.
 */
public record LayerSplit(Measures batch, Measures speed) {
    public LayerSplit {
        requireNonNull(batch, "batch is null");
        requireNonNull(speed, "speed is null");
        if (!batch.values().keySet().equals(speed.values().keySet())) {
            throw new IllegalArgumentException("batch and speed name different measures: " + batch.values().keySet()
                    + " and " + speed.values().keySet());
        }
    }

    /** The sum of both parts: the group's measures as serving_view has them. */
    public Measures total() {
        return batch.plus(speed);
    }
}
