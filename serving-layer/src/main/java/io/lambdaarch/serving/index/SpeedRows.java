package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.serving.freshness.FreshnessReading;
import io.lambdaarch.serving.freshness.FreshnessService;
import io.lambdaarch.serving.sql.ServingViewSql;
import io.lambdaarch.serving.sql.SqlStatements;
import io.lambdaarch.serving.sql.TimeRange;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The speed_view rows serving_view keeps (ingest bucket at or after the latest cutoff, {@link ServingViewSql#speedRows}),
 * read in the request's transaction beside an index answer: they change with every speed commit, and after a
 * recompute they are the few hours since its cutoff, so reading them is cheap and always current.
 */
final class SpeedRows {
    // Names of the speed columns beside the ledger's in the one-statement read.
    private static final String KEPT = "kept_ingest_bucket";
    private static final String SPEED = "speed_";

    private final ServingViewSql viewSql;
    private final String timeColumn;
    private final List<String> groupColumns;
    private final List<String> measureColumns;
    private final List<String> columns;
    private final int queryTimeoutSeconds;

    /** One kept speed_view row: its group (non-time dimension values), event time and measures. */
    record Row(List<String> group, long epochSecond, BigInteger[] measures) {
    }

    SpeedRows(ServingViewSql viewSql, ViewDefinition view, Duration queryTimeout) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.timeColumn = ServingIndexLoader.timeDimension(view).column();
        this.groupColumns = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.NONE).map(Dimension::column)
                .toList();
        this.measureColumns = view.measureColumns();
        this.columns = view.allColumns();
        this.queryTimeoutSeconds = Math.toIntExact(requireNonNull(queryTimeout, "queryTimeout is null").toSeconds());
    }

    /** What one statement read: the ledger (the request's version and freshness block) and the speed rows it keeps. */
    record Kept(FreshnessReading reading, List<Row> rows) {
    }

    /**
     * The ledger and the kept rows whose event time is in {@code range} and whose group columns equal {@code group}'s
     * values, in ONE statement, on a connection in autocommit: the rows are chosen by the cutoff the statement itself
     * reads, so they and the version belong together. One statement sees one snapshot of the database: in autocommit
     * it is its own transaction, and PostgreSQL takes its snapshot when it starts, which every part of it (every
     * subquery and join, the ledger's and speed_view's) reads, at READ COMMITTED (a snapshot per statement) as at the
     * pool's REPEATABLE READ (a snapshot per transaction, here the statement); on Redshift an autocommit statement is
     * its own serializable transaction, which sees in every table the commits before it and nothing else. A recompute commits its batch_runs row with its batch_view and
     * a speed micro-batch its speed_commits row with its speed_view rows (see
     * {@link io.lambdaarch.serving.freshness.DataVersion}), so the version read and the rows read are one state.
     * Empty rows before the first recompute: then the index answers nothing and the caller asks SQL.
     */
    Kept readWithLedger(Connection connection, FreshnessService freshness, NamedView view, TimeRange range,
            Map<String, String> group) throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        parameters.add(view.name());
        conditions.add("s." + TweetView.INGEST_BUCKET + " >= l.run_cutoff");
        group.forEach((column, value) -> {
            conditions.add("s." + column + " = ?");
            parameters.add(value);
        });
        range.from().ifPresent(from -> {
            conditions.add("s." + timeColumn + " >= ?");
            parameters.add(SqlStatements.utc(from));
        });
        range.to().ifPresent(to -> {
            conditions.add("s." + timeColumn + " < ?");
            parameters.add(SqlStatements.utc(to));
        });
        List<String> selected = new ArrayList<>();
        selected.add("s." + TweetView.INGEST_BUCKET + " AS " + KEPT);
        columns.forEach(column -> selected.add("s." + column + " AS " + SPEED + column));
        // A LEFT JOIN, so that the ledger's one row comes back when no speed row is kept (with NULLs for them).
        String sql = "SELECT l.*, " + String.join(", ", selected) + " FROM (" + freshness.ledgerSql() + ") l LEFT JOIN "
                + viewSql.table(viewSql.view().speedTable()) + " s ON " + String.join(" AND ", conditions);
        FreshnessReading reading = null;
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement query = SqlStatements.prepare(connection, sql, queryTimeoutSeconds, parameters);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                if (reading == null) {
                    reading = freshness.read(rs, view);
                }
                if (rs.getObject(KEPT) != null) {
                    rows.add(row(rs, SPEED));
                }
            }
        }
        if (reading == null) {
            throw new SQLException("the ledger statement returned no row");
        }
        return new Kept(reading, rows);
    }

    /**
     * The kept rows whose event time is in {@code range} and whose group columns equal {@code group}'s values.
     *
     * @param cutoff the cutoff of the latest recompute, as the request read it in this transaction: the merge rule
     *     then keeps the rows with {@code ingest_bucket >= cutoff}, which speed_view's primary key finds by a range
     *     scan, where the rule's own subqueries ({@link ServingViewSql#speedRows}) make PostgreSQL read every row
     */
    List<Row> read(Connection connection, Optional<Instant> cutoff, TimeRange range, Map<String, String> group)
            throws SQLException {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        group.forEach((column, value) -> {
            conditions.add(column + " = ?");
            parameters.add(value);
        });
        range.from().ifPresent(from -> {
            conditions.add(timeColumn + " >= ?");
            parameters.add(SqlStatements.utc(from));
        });
        range.to().ifPresent(to -> {
            conditions.add(timeColumn + " < ?");
            parameters.add(SqlStatements.utc(to));
        });
        String sql;
        if (cutoff.isPresent()) {
            conditions.add(0, TweetView.INGEST_BUCKET + " >= ?");
            parameters.add(0, SqlStatements.utc(cutoff.get()));
            sql = "SELECT " + String.join(", ", columns) + " FROM " + viewSql.table(viewSql.view().speedTable()) + " WHERE "
                    + String.join(" AND ", conditions);
        } else {
            sql = viewSql.speedRows(String.join(" AND ", conditions));
        }
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement query = SqlStatements.prepare(connection, sql, queryTimeoutSeconds, parameters);
                ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs, ""));
            }
        }
        return rows;
    }

    // The speed row in rs's current row, its columns named with the prefix.
    private Row row(ResultSet rs, String prefix) throws SQLException {
        List<String> values = new ArrayList<>(groupColumns.size());
        for (String column : groupColumns) {
            values.add(rs.getString(prefix + column));
        }
        BigInteger[] measures = new BigInteger[measureColumns.size()];
        for (int m = 0; m < measures.length; m++) {
            measures[m] = rs.getBigDecimal(prefix + measureColumns.get(m)).toBigIntegerExact();
        }
        return new Row(List.copyOf(values),
                rs.getObject(prefix + timeColumn, LocalDateTime.class).toEpochSecond(ZoneOffset.UTC), measures);
    }
}
