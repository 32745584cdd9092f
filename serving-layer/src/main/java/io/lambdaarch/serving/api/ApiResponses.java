package io.lambdaarch.serving.api;

import io.lambdaarch.serving.freshness.Freshness;
import io.lambdaarch.serving.sql.LayerSplit;
import io.lambdaarch.serving.sql.LocationTotals;
import io.lambdaarch.serving.sql.TimePoint;
import io.lambdaarch.serving.sql.Totals;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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

    record TopLocations(
            Instant from, Instant to, int limit, Instant cutoff, List<Map<String, Object>> locations, boolean complete,
            Freshness freshness) {
    }

    record Timeseries(
            String location, String granularity, Instant from, Instant to, Instant cutoff,
            List<Map<String, Object>> points, boolean complete, Freshness freshness) {
    }

    record TotalsBody(Instant from, Instant to, Instant cutoff, Map<String, Object> totals, boolean complete,
            Freshness freshness) {
    }

    record FreshnessBody(boolean complete, Freshness freshness) {
    }

    record Health(String status, String warehouse) {
    }

    public static Map<String, Object> row(LocationTotals totals) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("location", totals.location());
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

    static Map<String, Object> row(Totals totals) {
        Map<String, Object> row = new LinkedHashMap<String, Object>(totals.measures().values());
        row.put("locations", totals.locations());
        putLayers(row, totals.layers());
        return row;
    }

    /** Adds {@code batch} and {@code speed}: the parts of the row's measures that each layer counted. */
    static void putLayers(Map<String, Object> row, LayerSplit layers) {
        row.put("batch", layers.batch().values());
        row.put("speed", layers.speed().values());
    }

    static List<Map<String, Object>> rows(List<LocationTotals> locations) {
        return locations.stream().map(ApiResponses::row).toList();
    }

    static List<Map<String, Object>> points(List<TimePoint> points) {
        return points.stream().map(ApiResponses::row).toList();
    }
}
