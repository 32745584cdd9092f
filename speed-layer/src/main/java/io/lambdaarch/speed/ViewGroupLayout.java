package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    /** Every time grain a dimension of created_at may have, each its own column. */
    static final List<TimeGrain> TIME_GRAINS = Arrays.stream(TimeGrain.values()).filter(g -> g != TimeGrain.NONE).toList();
    /** The text fields a dimension may group by. */
    static final List<String> TEXT_FIELDS = List.of(TweetView.LOCATION, KafkaRecordParser.LANG);
    /** The numeric fields a measure may sum. */
    static final List<String> SUM_FIELDS = List.of(TweetView.FOLLOWERS_COUNT, TweetView.FAVORITE_COUNT, TweetView.RETWEET_COUNT);
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

    /** The dimension columns, in order: one per time grain, then one per text field. */
    static List<String> dimensionColumns() {
        List<String> columns = new ArrayList<>();
        TIME_GRAINS.forEach(g -> columns.add(timeColumn(g)));
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

    static String timeColumn(TimeGrain grain) {
        return "g_" + TweetView.CREATED_AT + "_" + grainName(grain);
    }

    static String textColumn(String field) {
        return "g_" + field;
    }

    static String sumColumn(String field) {
        return "sum_" + field;
    }

    /** The name Spark's and SQL's date_trunc take. */
    static String grainName(TimeGrain grain) {
        return grain.name().toLowerCase(Locale.ROOT);
    }

    /** The layout column that holds {@code dimension}'s value. */
    static String column(Dimension dimension) {
        return dimension.grain() == TimeGrain.NONE ? textColumn(dimension.sourceColumn()) : timeColumn(dimension.grain());
    }

    /** The layout column that holds {@code measure}'s value. */
    static String column(Measure measure) {
        return measure.aggregation() == Aggregation.COUNT ? EVENT_COUNT : sumColumn(measure.sourceColumn());
    }

    private static void requireSupported(NamedView view, Dimension dimension) {
        boolean supported = dimension.grain() == TimeGrain.NONE
                ? TEXT_FIELDS.contains(dimension.sourceColumn())
                : dimension.sourceColumn().equals(TweetView.CREATED_AT);
        if (!supported) {
            throw new IllegalArgumentException("view \"" + view.name() + "\": dimension \"" + dimension.column()
                    + "\": the speed layer groups by " + TweetView.CREATED_AT + " " + TIME_GRAINS.stream()
                    .map(ViewGroupLayout::grainName).toList() + " or " + TEXT_FIELDS + ", not " + dimension.sourceColumn()
                    + (dimension.grain() == TimeGrain.NONE ? "" : " by " + grainName(dimension.grain())));
        }
    }

    private static void requireSupported(NamedView view, Measure measure) {
        if (measure.aggregation() == Aggregation.SUM && !SUM_FIELDS.contains(measure.sourceColumn())) {
            throw new IllegalArgumentException("view \"" + view.name() + "\": measure \"" + measure.column()
                    + "\": the speed layer sums " + SUM_FIELDS + ", not " + measure.sourceColumn());
        }
    }
}
