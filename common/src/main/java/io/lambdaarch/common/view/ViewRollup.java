package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A coarser grain of a view, derived from the view's own rows: its hourly time dimension truncated to whole UTC days
 * (named {@code timeColumn}), its other dimensions kept, every measure summed. Derived from the view definition rather
 * than written out, so a measure added to the view is rolled up too.
 */
public record ViewRollup(ViewDefinition view, String timeColumn) {
    public ViewRollup {
        requireNonNull(view, "view is null");
        requireNonNull(timeColumn, "timeColumn is null");
        if (view.dimensions().stream().filter(d -> d.grain() == TimeGrain.HOUR).count() != 1) {
            throw new IllegalArgumentException("a rollup needs a view with exactly one hourly dimension");
        }
    }

    /** The view's hourly dimension, the one this rollup coarsens. */
    public Dimension hourDimension() {
        return view.dimensions().stream().filter(d -> d.grain() == TimeGrain.HOUR).findFirst().orElseThrow();
    }

    /** The view's dimensions but the hourly one: kept as they are. */
    public List<String> otherDimensionColumns() {
        return view.dimensions().stream().filter(d -> d.grain() != TimeGrain.HOUR).map(Dimension::column).toList();
    }

    /** {@code timeColumn}, the other dimensions, then the measures: the column order of the rollup's table. */
    public List<String> allColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(timeColumn);
        columns.addAll(otherDimensionColumns());
        columns.addAll(view.measureColumns());
        return List.copyOf(columns);
    }
}
