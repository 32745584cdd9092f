package io.lambdaarch.serving.api;

import io.lambdaarch.serving.freshness.Freshness;
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
 */
final class ApiResponses {
    private ApiResponses() {
    }

    record TopLocations(
            Instant from, Instant to, int limit, List<Map<String, Object>> locations, boolean complete, Freshness freshness) {
    }

    record Timeseries(
            String location, String granularity, Instant from, Instant to, List<Map<String, Object>> points,
            boolean complete, Freshness freshness) {
    }

    record TotalsBody(Instant from, Instant to, Map<String, Object> totals, boolean complete, Freshness freshness) {
    }

    record FreshnessBody(boolean complete, Freshness freshness) {
    }

    record Health(String status, String warehouse) {
    }

    static Map<String, Object> row(LocationTotals totals) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("location", totals.location());
        row.putAll(totals.measures().values());
        return row;
    }

    static Map<String, Object> row(TimePoint point) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", point.time());
        row.putAll(point.measures().values());
        return row;
    }

    static Map<String, Object> row(Totals totals) {
        Map<String, Object> row = new LinkedHashMap<String, Object>(totals.measures().values());
        row.put("locations", totals.locations());
        return row;
    }

    static List<Map<String, Object>> rows(List<LocationTotals> locations) {
        return locations.stream().map(ApiResponses::row).toList();
    }

    static List<Map<String, Object>> points(List<TimePoint> points) {
        return points.stream().map(ApiResponses::row).toList();
    }
}
