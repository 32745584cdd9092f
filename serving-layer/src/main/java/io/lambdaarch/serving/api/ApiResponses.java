package io.lambdaarch.serving.api;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.sql.Granularity;
import io.lambdaarch.serving.sql.GroupTotals;
import io.lambdaarch.serving.sql.LayerSplit;
import io.lambdaarch.serving.sql.ServingQueries;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.Totals;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON bodies of the data endpoints. Each carries the freshness block and, next to the data, {@code complete}.
 * Measure names are the view's column names ({@code tweet_count}, ...), so rows are maps built in the view's order.
 * Which layer counted what: every row has, next to its measures, {@code batch} (the part from batch_view) and
 * {@code speed} (the part from speed_view), and the body has the {@code cutoff} between them (the latest recompute's:
 * batch_view counts the events ingested before it, speed_view those ingested at or after it; null before the first
 * recompute, when every event is the speed layer's).
 */
public final class ApiResponses {
    private ApiResponses() {
    }

    /** The groups of the view's non-time dimensions ({@code groupedBy}), most first: under "locations", for every view. */
    record TopLocations(
            String view, List<String> groupedBy, Instant from, Instant to, int limit, Instant cutoff,
            List<Map<String, Object>> locations, boolean complete, Freshness freshness) {
    }

    /** {@code location}: the group's location, for a view with a location dimension (null otherwise). */
    record Timeseries(
            String view, String location, Map<String, String> group, String granularity, Instant from, Instant to,
            Instant cutoff, List<Map<String, Object>> points, boolean complete, Freshness freshness) {
    }

    record TotalsBody(String view, Instant from, Instant to, Instant cutoff, Map<String, Object> totals,
            boolean complete, Freshness freshness) {
    }

    /** The body of GET /api/views. */
    record Views(List<ViewBody> views, String defaultView) {
    }

    /**
     * One declared view: its dimensions (each with its grain: none, hour or day), its measures, the steps its series
     * takes, the dimensions its groups are made of, and the merged SQL view that serves it.
     */
    record ViewBody(String name, List<DimensionBody> dimensions, List<MeasureBody> measures, List<String> rollups,
            List<String> groupedBy, String rankedBy, List<String> granularities, String servingView) {
    }

    record DimensionBody(String name, String source, String grain) {
    }

    record MeasureBody(String name, String aggregation, String source) {
    }

    static ViewBody view(ServingQueries queries) {
        NamedView view = queries.view();
        return new ViewBody(view.name(),
                view.definition().dimensions().stream()
                        .map(d -> new DimensionBody(d.column(), d.sourceColumn(), lower(d.grain()))).toList(),
                view.definition().measures().stream()
                        .map(m -> new MeasureBody(m.column(), lower(m.aggregation()), m.sourceColumn())).toList(),
                view.rollups().stream().map(ApiResponses::lower).toList(),
                queries.groupColumns(), queries.rankMeasure(),
                queries.granularities().stream().map(Granularity::externalName).toList(), view.servingView());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    record FreshnessBody(boolean complete, Freshness freshness) {
    }

    record Health(String status, String warehouse) {
    }

    /** A group: its value of each non-time dimension (e.g. {@code location}), its measures, which layer counted what. */
    public static Map<String, Object> row(GroupTotals totals) {
        Map<String, Object> row = new LinkedHashMap<>(totals.group());
        row.putAll(totals.measures().values());
        putLayers(row, totals.layers());
        return row;
    }

    static Map<String, Object> row(TimePoint point) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", point.time());
        row.putAll(point.measures().values());
        putLayers(row, point.layers());
        return row;
    }

    /**
     * The totals: the measures, {@code distinct} (how many values each non-time dimension had), and, for a view with a
     * location dimension, {@code locations} (its distinct count, as before views were declared).
     */
    static Map<String, Object> row(Totals totals) {
        Map<String, Object> row = new LinkedHashMap<String, Object>(totals.measures().values());
        Long locations = totals.distinct().get(TweetView.LOCATION);
        if (locations != null) {
            row.put("locations", locations);
        }
        row.put("distinct", totals.distinct());
        putLayers(row, totals.layers());
        return row;
    }

    /** Adds {@code batch} and {@code speed}: the parts of the row's measures that each layer counted. */
    static void putLayers(Map<String, Object> row, LayerSplit layers) {
        row.put("batch", layers.batch().values());
        row.put("speed", layers.speed().values());
    }

    static List<Map<String, Object>> rows(List<GroupTotals> locations) {
        return locations.stream().map(ApiResponses::row).toList();
    }

    static List<Map<String, Object>> points(List<TimePoint> points) {
        return points.stream().map(ApiResponses::row).toList();
    }
}
