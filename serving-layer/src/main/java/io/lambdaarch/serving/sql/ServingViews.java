package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.Warehouse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The questions of every declared view ({@link ServingQueries}, one per view, in file order), found by the view's
 * name: the only way a request's {@code view} parameter reaches SQL is by naming one of these.
 */
public final class ServingViews {
    private final Map<String, ServingQueries> byName;
    private final ServingQueries defaultView;

    public ServingViews(List<ServingQueries> views) {
        requireNonNull(views, "views is null");
        if (views.isEmpty()) {
            throw new IllegalArgumentException("no view to serve");
        }
        Map<String, ServingQueries> map = new LinkedHashMap<>();
        for (ServingQueries view : views) {
            if (map.put(view.view().name(), view) != null) {
                throw new IllegalArgumentException("view " + view.view().name() + " is declared twice");
            }
        }
        this.byName = map;
        this.defaultView = views.get(0);
    }

    /** The questions of every view of {@code catalog}, whose merged views live in {@code schema}. */
    public static ServingViews of(Warehouse warehouse, ViewCatalog catalog, String schema, Duration queryTimeout) {
        return new ServingViews(catalog.views().stream()
                .map(view -> new ServingQueries(new ServingViewSql(warehouse, view, schema), queryTimeout))
                .toList());
    }

    /** The view named {@code name}, if it is declared. */
    public Optional<ServingQueries> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The first declared view: the one a request without {@code view} asks. */
    public ServingQueries defaultView() {
        return defaultView;
    }

    public List<ServingQueries> all() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The declared views, in file order. */
    public List<NamedView> views() {
        return byName.values().stream().map(ServingQueries::view).toList();
    }
}
