package io.lambdaarch.common.warehouse;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.SourceField;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.view.ViewRollup;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The aggregate queries of the views, generated from the one {@link ViewDefinition}: the one place that says how a
 * dimension, a measure and a sum are written in SQL. Layers never write view SQL by hand: they ask their
 * {@link Warehouse}, which inherits these (both warehouses accept the same SQL here) and may override them.
 *
 * <p>Timestamps are stored as {@code TIMESTAMP} (without time zone) holding UTC, so {@code date_trunc} never
 * depends on a session time zone.
 */
public interface ViewQueries {

    /** The SQL expression for a view dimension over its source column. */
    default String dimensionExpression(Dimension dimension) {
        return switch (dimension.grain()) {
            case NONE -> sourceExpression(dimension.sourceColumn());
            case HOUR, DAY -> "DATE_TRUNC('" + dimension.grain().unit() + "', " + dimension.sourceColumn() + ")";
        };
    }

    /**
     * The SQL value a view groups a text source column by: lang as {@link SourceField#langValue} says (NULL in rows
     * of events without one, and in rows landed before the column existed), any other column as it is.
     */
    default String sourceExpression(String sourceColumn) {
        if (sourceColumn.equals(SourceField.LANG.column())) {
            return "COALESCE(LEFT(" + sourceColumn + ", " + SourceField.LANG_MAX_CODE_POINTS + "), '"
                    + SourceField.UNKNOWN_LANG + "')";
        }
        return sourceColumn;
    }

    /**
     * What an aggregate over many rows may group a text source column by instead of {@link #sourceExpression}, when
     * that is cheaper per row and {@link #finishGroupedSource} turns it into the same value on the few grouped rows
     * (several grouped values may then share one, so their rows are summed again). None by default: group by
     * {@link #sourceExpression}.
     */
    default Optional<String> groupedSourceExpression(String sourceColumn) {
        return Optional.empty();
    }

    /**
     * {@link #sourceExpression}'s value of {@code sourceColumn} from {@code groupedColumn}, a column holding
     * {@link #groupedSourceExpression}'s value: lang cut to its first {@link SourceField#LANG_MAX_CODE_POINTS} code
     * points (a lang grouped as {@code COALESCE(lang, 'und')}: cutting 'und' changes nothing).
     */
    default String finishGroupedSource(String sourceColumn, String groupedColumn) {
        if (sourceColumn.equals(SourceField.LANG.column())) {
            return "LEFT(" + groupedColumn + ", " + SourceField.LANG_MAX_CODE_POINTS + ")";
        }
        return groupedColumn;
    }

    /**
     * The SQL type of every measure column ({@link Measure#PRECISION} decimal digits, no fraction): a sum of valid counts
     * (each up to 2^63-1) passes BIGINT after two events, and a sum is never clamped, wrapped or allowed to fail a run.
     */
    String measureType();

    /**
     * The exact SQL sum of a BIGINT column. The default widens each value before adding, since a warehouse whose SUM of
     * a BIGINT is a BIGINT (Redshift) overflows at 2^63.
     */
    default String sumOfBigint(String column) {
        return "SUM(CAST(" + column + " AS " + measureType() + "))";
    }

    /** The SQL aggregate for a measure over raw rows, as a {@link #measureType()}. */
    default String measureExpression(Measure measure) {
        String aggregate = switch (measure.aggregation()) {
            case COUNT -> "COUNT(*)";
            case SUM -> "COALESCE(" + sumOfBigint(measure.sourceColumn()) + ", 0)";
        };
        return "CAST(" + aggregate + " AS " + measureType() + ")";
    }

    /**
     * {@code SELECT <dimensions>, <measures> FROM source [WHERE filter] GROUP BY <dimensions>}: the view computed from
     * raw rows. {@code filter} may be null.
     */
    default String aggregateQuery(ViewDefinition view, String sourceTable, String filter) {
        String dimensions = view.dimensions().stream()
                .map(d -> dimensionExpression(d) + " AS " + d.column())
                .collect(Collectors.joining(", "));
        String measures = view.measures().stream()
                .map(m -> measureExpression(m) + " AS " + m.column())
                .collect(Collectors.joining(", "));
        StringBuilder sql = new StringBuilder("SELECT ").append(dimensions).append(", ").append(measures)
                .append(" FROM ").append(sourceTable);
        if (filter != null && !filter.isBlank()) {
            sql.append(" WHERE ").append(filter);
        }
        sql.append(" GROUP BY ").append(groupByOrdinals(view.dimensions().size()));
        return sql.toString();
    }

    /**
     * {@code SELECT <dimensions>, SUM(<measure>)... FROM (subquery) GROUP BY <dimensions>}: rows already aggregated to
     * the view's grain (or a finer one) summed again, as the serving layer's merge does.
     */
    default String reaggregateQuery(ViewDefinition view, String subquery) {
        String dimensions = String.join(", ", view.dimensionColumns());
        String measures = view.measures().stream()
                .map(m -> "CAST(SUM(" + m.column() + ") AS " + measureType() + ") AS " + m.column())
                .collect(Collectors.joining(", "));
        return "SELECT " + dimensions + ", " + measures + " FROM (" + subquery + ") merged GROUP BY "
                + groupByOrdinals(view.dimensions().size());
    }

    /**
     * {@code SELECT DATE_TRUNC('day', <hour>) AS <day>, <other dimensions>, SUM(<measure>)... FROM source [WHERE filter]
     * GROUP BY ...}: the view's rows in {@code sourceTable} summed to the rollup's grain. {@code filter} may be null.
     */
    default String rollupQuery(ViewRollup rollup, String sourceTable, String filter) {
        StringBuilder sql = new StringBuilder("SELECT DATE_TRUNC('day', ").append(rollup.hourDimension().column())
                .append(") AS ").append(rollup.timeColumn());
        rollup.otherDimensionColumns().forEach(column -> sql.append(", ").append(column));
        rollup.view().measureColumns().forEach(column -> sql.append(", CAST(SUM(").append(column).append(") AS ")
                .append(measureType()).append(") AS ").append(column));
        sql.append(" FROM ").append(sourceTable);
        if (filter != null && !filter.isBlank()) {
            sql.append(" WHERE ").append(filter);
        }
        sql.append(" GROUP BY ").append(groupByOrdinals(1 + rollup.otherDimensionColumns().size()));
        return sql.toString();
    }

    private static String groupByOrdinals(int count) {
        StringBuilder ordinals = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            if (i > 1) {
                ordinals.append(", ");
            }
            ordinals.append(i);
        }
        return ordinals.toString();
    }
}
