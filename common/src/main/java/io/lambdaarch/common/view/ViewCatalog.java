package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every declared view, in file order; names and table names unique. The first view is the default one. */
public record ViewCatalog(List<NamedView> views) implements Serializable {
    /** The classpath resource of the shipped views file (also copied to config/views.json for users to edit). */
    public static final String SHIPPED_RESOURCE = "/views.json";

    public ViewCatalog {
        views = List.copyOf(requireNonNull(views, "views is null"));
        if (views.isEmpty()) {
            throw new IllegalArgumentException("a catalog declares at least one view");
        }
        Map<String, String> owners = new HashMap<>();
        for (NamedView view : views) {
            if (owners.containsKey("view:" + view.name())) {
                throw new IllegalArgumentException("view " + view.name() + " is declared twice");
            }
            owners.put("view:" + view.name(), view.name());
            for (String table : view.tables()) {
                String owner = owners.putIfAbsent(table, view.name());
                if (owner != null) {
                    throw new IllegalArgumentException("table " + table + " of view " + view.name()
                            + " is also a table of view " + owner);
                }
            }
        }
    }

    /** The first view: what the API, the dashboard and the tools show when no view is named. */
    public NamedView defaultView() {
        return views.get(0);
    }

    public Optional<NamedView> find(String name) {
        return views.stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** The names of the views, in file order. */
    public List<String> names() {
        return views.stream().map(NamedView::name).toList();
    }

    /** The views of the shipped default file. */
    public static ViewCatalog shipped() {
        try (InputStream in = ViewCatalog.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped views file " + SHIPPED_RESOURCE + " is not on the classpath");
            }
            return ViewsFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "(shipped) views.json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped views file", e);
        }
    }
}
