package io.lambdaarch.common.view;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A declared view: its name, its definition, and the coarser grains the batch layer keeps beside it. Every table and
 * SQL view of the view is named after it, so the default view {@code view} keeps today's names (batch_view,
 * batch_view_day, speed_view, speed_view_incoming, serving_view).
 */
public record NamedView(String name, ViewDefinition definition, List<TimeGrain> rollups) implements Serializable {
    /** A view name, a dimension name or a measure name: a lower-case SQL identifier short enough for every table name. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    public NamedView {
        requireNonNull(name, "name is null");
        requireNonNull(definition, "definition is null");
        rollups = List.copyOf(requireNonNull(rollups, "rollups is null"));
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a view name matches " + NAME.pattern() + ": " + name);
        }
        long timeDimensions = definition.dimensions().stream().filter(d -> d.grain().isTime()).count();
        if (timeDimensions > 1) {
            throw new IllegalArgumentException("view " + name + " has more than one time dimension");
        }
        for (TimeGrain grain : rollups) {
            // A rollup coarsens the view's hourly rows to days; nothing else is derivable from the view's own rows.
            if (grain != TimeGrain.DAY || timeDimensionGrain(definition) != TimeGrain.HOUR) {
                throw new IllegalArgumentException("view " + name + " can only roll an hourly time dimension up to day");
            }
        }
        if (rollups.size() != rollups.stream().distinct().count()) {
            throw new IllegalArgumentException("view " + name + " names a rollup twice");
        }
    }

    /** The batch layer's table of the view. */
    public String batchTable() {
        return "batch_" + name;
    }

    /** The speed layer's table of the view (per ingest bucket). */
    public String speedTable() {
        return "speed_" + name;
    }

    /** The staging table a speed micro-batch is copied into before it is applied to {@link #speedTable()}. */
    public String speedIncomingTable() {
        return "speed_" + name + "_incoming";
    }

    /** The merged SQL view the serving layer answers from. */
    public String servingView() {
        return "serving_" + name;
    }

    /** The batch layer's table of the view rolled up to {@code grain} (one of {@link #rollups()}). */
    public String rollupTable(TimeGrain grain) {
        return batchTable() + "_" + grain.unit();
    }

    /** Every table the view owns in the warehouse (batch, rollups, speed, speed staging), in that order. */
    public List<String> tables() {
        List<String> tables = new java.util.ArrayList<>();
        tables.add(batchTable());
        rollups.forEach(grain -> tables.add(rollupTable(grain)));
        tables.add(speedTable());
        tables.add(speedIncomingTable());
        return List.copyOf(tables);
    }

    /** The one dimension with grain HOUR or DAY, if any. */
    public Optional<Dimension> timeDimension() {
        return definition.dimensions().stream().filter(d -> d.grain().isTime()).findFirst();
    }

    /**
     * The view rolled up to {@code grain}: its hourly dimension truncated to days, named like it with {@code _hour}
     * replaced by {@code _day} (event_hour -> event_day) or with {@code _day} appended.
     */
    public ViewRollup rollup(TimeGrain grain) {
        if (!rollups.contains(grain)) {
            throw new IllegalArgumentException("view " + name + " has no " + grain.unit() + " rollup");
        }
        String hour = timeDimension().orElseThrow().column();
        String day = hour.endsWith("_hour") ? hour.substring(0, hour.length() - "_hour".length()) + "_day" : hour + "_day";
        return new ViewRollup(definition, day);
    }

    /**
     * A stable hash of the definition (dimensions, measures, rollups), not of the name: a changed definition has a new
     * fingerprint, so the batch layer rebuilds its tables rather than mixing rows of two definitions.
     */
    public String fingerprint() {
        StringBuilder canonical = new StringBuilder();
        definition.dimensions().forEach(d -> canonical.append("d:").append(d.column()).append('|')
                .append(d.sourceColumn()).append('|').append(d.grain().unit()).append(';'));
        definition.measures().forEach(m -> canonical.append("m:").append(m.column()).append('|')
                .append(m.aggregation().name()).append('|').append(m.sourceColumn()).append(';'));
        rollups.forEach(g -> canonical.append("r:").append(g.unit()).append(';'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static TimeGrain timeDimensionGrain(ViewDefinition definition) {
        return definition.dimensions().stream().map(Dimension::grain).filter(TimeGrain::isTime).findFirst()
                .orElse(TimeGrain.NONE);
    }
}
