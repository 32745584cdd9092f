package io.lambdaarch.batch.recompute;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.sql.SqlDialect;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.sql.UtcTimestamps;
import io.lambdaarch.common.view.Aggregation;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Says why a recompute failed on its data: which groups have a measure that does not fit batch_view's column type,
 * how large it is, the ids of their largest events, and what to do. The recompute is all or nothing (batch_view and
 * its cutoff commit together), so such a group holds back every other group too, and the message says that.
 *
 * <p>The measures are NUMERIC(38, 0)/DECIMAL(38, 0), so with this release's schema a sum fails only past 10^38 (more than
 * 10^19 events in one group); a warehouse whose batch_view still has BIGINT measures fails past 2^63. The check sums in
 * DOUBLE PRECISION, which no count can overflow, so it finds the groups whatever the column type.
 */
final class RecomputeDiagnosis {
    /** Groups and ids named in one message: enough to act on, short enough to read. */
    static final int SHOWN = 5;
    static final int IDS_SHOWN = 10;
    /** The largest value of this release's measure type. */
    private static final BigInteger WIDEST = BigInteger.TEN.pow(Measure.PRECISION).subtract(BigInteger.ONE);

    private final SqlDialect dialect;
    private final ViewDefinition view;

    RecomputeDiagnosis(SqlDialect dialect, ViewDefinition view) {
        this.dialect = requireNonNull(dialect, "dialect is null");
        this.view = requireNonNull(view, "view is null");
    }

    /** A data error (SQLSTATE class 22, or Redshift's overflow, which comes as XX000) could be a sum too large. */
    static boolean mayBeOverflow(SQLException failure) {
        return Failures.chain(failure).stream().anyMatch(cause -> cause instanceof SQLException sql
                && ((sql.getSQLState() != null && sql.getSQLState().startsWith("22"))
                        || String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT).contains("overflow")));
    }

    /**
     * The explanation, if groups whose measures pass batch_view's column types explain the failure; runs read-only
     * queries on {@code connection}, which must be out of the failed transaction (rolled back).
     */
    Optional<String> explain(Connection connection, Instant cutoff) throws SQLException {
        Map<String, Column> columns = measureColumns(connection);
        if (columns.isEmpty()) {
            return Optional.empty();
        }
        List<Group> groups = groupsTooLarge(connection, cutoff, columns);
        if (groups.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
                "recompute cannot finish: %s group(s) of the rows before cutoff %s have a measure larger than batch_view's "
                        + "column can hold:", groups.size() > SHOWN ? "more than " + SHOWN : Integer.toString(groups.size()), cutoff));
        for (Group group : groups.subList(0, Math.min(SHOWN, groups.size()))) {
            message.append("\n  ").append(group.describe(view, columns));
            message.append("; largest events (ids): ").append(String.join(", ", largestIds(connection, cutoff, group)));
        }
        message.append("\nNothing was published: batch_view keeps its previous recompute, so every other group waits for these.");
        boolean narrow = columns.values().stream().anyMatch(c -> c.max().compareTo(WIDEST) < 0);
        if (narrow) {
            message.append("\nWhat to do: batch_view's measures are narrower than ").append(dialect.measureType())
                    .append(": the warehouse was made by an earlier release and not upgraded. Every batch run upgrades it at"
                            + " start-up as the tables' owner; the log of its start says why it did not. The next run after"
                            + " the upgrade succeeds.");
        } else {
            message.append("\nWhat to do: these events' counts are not real data (no group of real posts sums past 10^")
                    .append(Measure.PRECISION).append("): delete them from ").append(Tables.RAW_BATCH)
                    .append(" (DELETE FROM ").append(Tables.RAW_BATCH).append(" WHERE event_id IN (...)) and from the archive,"
                            + " then run again.");
        }
        return Optional.of(message.toString());
    }

    /** batch_view's measure columns with the largest value each can hold; empty if a type is unknown (no bound). */
    private Map<String, Column> measureColumns(Connection connection) throws SQLException {
        Map<String, Column> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT column_name, data_type, numeric_precision, "
                + "numeric_scale FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?")) {
            query.setString(1, Tables.BATCH_VIEW);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String column = rs.getString(1);
                    String type = rs.getString(2).toLowerCase(Locale.ROOT);
                    if (!view.measureColumns().contains(column)) {
                        continue;
                    }
                    if (type.equals("bigint")) {
                        columns.put(column, new Column("BIGINT", BigInteger.valueOf(Long.MAX_VALUE)));
                    } else if (type.equals("numeric") && rs.getObject(3) != null && rs.getInt(4) == 0) {
                        int precision = rs.getInt(3);
                        columns.put(column, new Column("NUMERIC(" + precision + ", 0)", BigInteger.TEN.pow(precision).subtract(BigInteger.ONE)));
                    }
                }
            }
        }
        return columns.size() == view.measures().size() ? columns : Map.of();
    }

    private List<Group> groupsTooLarge(Connection connection, Instant cutoff, Map<String, Column> columns) throws SQLException {
        String dimensions = view.dimensions().stream().map(d -> dialect.dimensionExpression(d) + " AS " + d.column())
                .collect(Collectors.joining(", "));
        String measures = view.measures().stream().map(m -> approximate(m) + " AS " + m.column())
                .collect(Collectors.joining(", "));
        String tooLarge = view.measures().stream().map(m -> approximate(m) + " >= ?").collect(Collectors.joining(" OR "));
        String sql = "SELECT " + dimensions + ", " + measures + " FROM (" + RecomputeSql.firstCopiesBeforeCutoff()
                + ") first_copies GROUP BY " + groupBy() + " HAVING " + tooLarge + " ORDER BY " + groupBy()
                + " LIMIT " + (SHOWN + 1);
        List<Group> groups = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int index = 1;
            query.setObject(index++, UtcTimestamps.utc(cutoff));
            for (Measure measure : view.measures()) {
                // A double rounds 2^63-1 up to 2^63: a sum at the very bound is listed too, which only errs towards showing.
                query.setDouble(index++, columns.get(measure.column()).max().doubleValue());
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>();
                    for (int i = 1; i <= view.dimensions().size(); i++) {
                        Object value = rs.getObject(i);
                        // TIMESTAMP columns hold UTC (sql/<warehouse>/schema.sql)
                        key.add(value instanceof Timestamp timestamp ? timestamp.toLocalDateTime() : value);
                    }
                    Map<String, Double> values = new LinkedHashMap<>();
                    for (Measure measure : view.measures()) {
                        values.put(measure.column(), rs.getDouble(measure.column()));
                    }
                    groups.add(new Group(key, values));
                }
            }
        }
        return groups;
    }

    /** Up to {@link #IDS_SHOWN} event ids of {@code group}, largest first in its first measure that is too large. */
    private List<String> largestIds(Connection connection, Instant cutoff, Group group) throws SQLException {
        String where = view.dimensions().stream().map(d -> dialect.dimensionExpression(d) + " = ?")
                .collect(Collectors.joining(" AND "));
        String order = view.measures().stream()
                .filter(m -> m.aggregation() == Aggregation.SUM)
                .map(Measure::sourceColumn)
                .map(c -> c + " DESC")
                .collect(Collectors.joining(", "));
        List<String> columns = new ArrayList<>(List.of(TweetView.EVENT_ID));
        columns.addAll(view.sourceColumns());
        String sql = "SELECT " + TweetView.EVENT_ID + " FROM (" + RecomputeSql.firstCopiesBeforeCutoff(columns) + ") first_copies"
                + " WHERE " + where + " ORDER BY " + order + ", " + TweetView.EVENT_ID + " LIMIT " + IDS_SHOWN;
        List<String> ids = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            int index = 1;
            query.setObject(index++, UtcTimestamps.utc(cutoff));
            for (Object value : group.key()) {
                query.setObject(index++, value);
            }
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static String approximate(Measure measure) {
        return switch (measure.aggregation()) {
            case COUNT -> "COUNT(*)";
            case SUM -> "SUM(CAST(" + measure.sourceColumn() + " AS DOUBLE PRECISION))";
        };
    }

    private String groupBy() {
        List<String> ordinals = new ArrayList<>();
        for (int i = 1; i <= view.dimensions().size(); i++) {
            ordinals.add(Integer.toString(i));
        }
        return String.join(", ", ordinals);
    }

    private record Column(String type, BigInteger max) {
    }

    private record Group(List<Object> key, Map<String, Double> values) {
        String describe(ViewDefinition view, Map<String, Column> columns) {
            List<String> dimensions = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                Dimension dimension = view.dimensions().get(i);
                Object value = key.get(i);
                String shown = String.valueOf(value);
                if (value instanceof String text) {
                    shown = "'" + text + "'";
                } else if (value instanceof LocalDateTime utc) {
                    shown = utc.toInstant(ZoneOffset.UTC).toString();
                }
                dimensions.add(dimension.column() + " " + shown);
            }
            String tooLarge = values.entrySet().stream()
                    .filter(e -> e.getValue() >= columns.get(e.getKey()).max().doubleValue())
                    .map(e -> String.format(Locale.ROOT, "%s about %s, above the %s maximum %s", e.getKey(),
                            new BigDecimal(e.getValue()).round(new MathContext(4)), columns.get(e.getKey()).type(),
                            columns.get(e.getKey()).max()))
                    .collect(Collectors.joining("; "));
            return "group (" + String.join(", ", dimensions) + "): " + tooLarge;
        }
    }
}
