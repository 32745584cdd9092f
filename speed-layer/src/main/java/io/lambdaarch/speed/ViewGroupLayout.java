package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.SourceField;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewCatalog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one row layout the streaming aggregation keeps for every declared view: {@code view_key}, one column per
 * possible dimension value (each time grain of {@code created_at}, each text field) and one per possible measure (the
 * count, a sum per numeric field). A view fills the dimension columns it groups by and leaves the others null, so its
 * groups are exactly its own; it reads the measure columns it declares and ignores the rest.
 *
 * <p>The layout depends only on the event's fields, never on the views file: adding, removing or changing a view
 * leaves the state's schema, and so the checkpoint, usable. A view's groups are keyed by its name and fingerprint, so
 * a changed definition starts new groups and never adds to the old definition's state (which the watermark expires).
 */
final class ViewGroupLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    static final String VIEW_KEY = "view_key";
    /** The time fields a dimension may truncate (created_at), each grain its own column. */
    static final List<String> TIME_FIELDS = SourceField.columns(SourceField.Kind.TIME);
    static final List<TimeGrain> TIME_GRAINS = Arrays.stream(TimeGrain.values()).filter(TimeGrain::isTime).toList();
    /** The text fields a dimension may group by. */
    static final List<String> TEXT_FIELDS = SourceField.columns(SourceField.Kind.TEXT);
    /** The numeric fields a measure may sum. */
    static final List<String> SUM_FIELDS = SourceField.columns(SourceField.Kind.NUMBER);
    static final String EVENT_COUNT = "event_count";

    private final Map<String, NamedView> viewsByKey = new LinkedHashMap<>();

    ViewGroupLayout(ViewCatalog catalog) {
        requireNonNull(catalog, "catalog is null");
        for (NamedView view : catalog.views()) {
            view.definition().dimensions().forEach(d -> requireSupported(view, d));
            view.definition().measures().forEach(m -> requireSupported(view, m));
            viewsByKey.put(key(view), view);
        }
    }

    /** The key of {@code view}'s groups: its name and the fingerprint of its definition. */
    static String key(NamedView view) {
        return view.name() + "@" + view.fingerprint();
    }

    /** The declared views by {@link #key}, in file order. */
    Map<String, NamedView> views() {
        return viewsByKey;
    }

    /** The view whose groups carry {@code key}; empty for a view no longer declared (its old state only). */
    Optional<NamedView> view(String key) {
        return Optional.ofNullable(viewsByKey.get(key));
    }

    /** The dimension columns, in order: one per time field and grain, then one per text field. */
    static List<String> dimensionColumns() {
        List<String> columns = new ArrayList<>();
        TIME_FIELDS.forEach(f -> TIME_GRAINS.forEach(g -> columns.add(timeColumn(f, g))));
        TEXT_FIELDS.forEach(f -> columns.add(textColumn(f)));
        return List.copyOf(columns);
    }

    /** The measure columns, in order: the count, then one sum per numeric field. */
    static List<String> measureColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(EVENT_COUNT);
        SUM_FIELDS.forEach(f -> columns.add(sumColumn(f)));
        return List.copyOf(columns);
    }

    static String timeColumn(String field, TimeGrain grain) {
        return "g_" + field + "_" + grainName(grain);
    }

    static String textColumn(String field) {
        return "g_" + field;
    }

    static String sumColumn(String field) {
        return "sum_" + field;
    }

    /** The name Spark's and SQL's date_trunc take. */
    static String grainName(TimeGrain grain) {
        return grain.unit();
    }

    /** The layout column that holds {@code dimension}'s value. */
    static String column(Dimension dimension) {
        return dimension.grain().isTime() ? timeColumn(dimension.sourceColumn(), dimension.grain())
                : textColumn(dimension.sourceColumn());
    }

    /** The layout column that holds {@code measure}'s value. */
    static String column(Measure measure) {
        return measure.aggregation() == Aggregation.COUNT ? EVENT_COUNT : sumColumn(measure.sourceColumn());
    }

    private static void requireSupported(NamedView view, Dimension dimension) {
        // The views file's validation already refuses these; the layout must never lose a dimension silently.
        boolean supported = dimension.grain().isTime()
                ? TIME_FIELDS.contains(dimension.sourceColumn())
                : TEXT_FIELDS.contains(dimension.sourceColumn());
        if (!supported) {
            throw new IllegalArgumentException("view \"" + view.name() + "\": dimension \"" + dimension.column()
                    + "\": the speed layer groups by a grain of " + TIME_FIELDS + " or by " + TEXT_FIELDS + ", not by "
                    + dimension.sourceColumn() + (dimension.grain().isTime() ? " " + grainName(dimension.grain()) : ""));
        }
    }

    private static void requireSupported(NamedView view, Measure measure) {
        if (measure.aggregation() == Aggregation.SUM && !SUM_FIELDS.contains(measure.sourceColumn())) {
            throw new IllegalArgumentException("view \"" + view.name() + "\": measure \"" + measure.column()
                    + "\": the speed layer sums " + SUM_FIELDS + ", not " + measure.sourceColumn());
        }
    }
}
