package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/** A grouping column of a view: its output name, the column it derives from, and how. */
public record Dimension(String column, String sourceColumn, TimeGrain grain) implements Serializable {
    public Dimension {
        requireNonNull(column, "column is null");
        requireNonNull(sourceColumn, "sourceColumn is null");
        requireNonNull(grain, "grain is null");
    }
}
