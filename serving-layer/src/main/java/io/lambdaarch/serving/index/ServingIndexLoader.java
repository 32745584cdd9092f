package io.lambdaarch.serving.index;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.serving.sql.ServingViewSql;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads batch_view into a {@link ServingIndex}, in one read-only snapshot together with the latest succeeded
 * recompute, so the index is exactly the batch_view that recompute committed (every change to batch_view is committed
 * with its {@code batch_runs} row). Generated from the view definition: its one time dimension orders the rows, its
 * other dimensions name the groups, its measures are summed.
 */
public final class ServingIndexLoader {
    // Rows fetched per round trip: the driver streams instead of holding the whole view (autocommit is off).
    private static final int FETCH_SIZE = 10_000;
    // 18 digits, with a sign, always fit a long (2^63 has 19).
    private static final int MAX_LONG_DIGITS = 18;

    private final ServingViewSql viewSql;
    private final ViewDefinition view;
    private final BatchRunsReader batchRuns;
    private final String timeColumn;
    private final List<String> groupColumns;
    private final long maxRows;

    /** What a load found. */
    public sealed interface Outcome permits Loaded, TooLarge, NullGroup, NoRecompute {
    }

    /** The index of the latest recompute. */
    public record Loaded(ServingIndex index) implements Outcome {
    }

    /** batch_view of recompute {@code batchRunId} has more rows than the bound: it is answered from SQL. */
    public record TooLarge(String batchRunId) implements Outcome {
    }

    /**
     * A row of recompute {@code batchRunId} has a group value the index cannot rank as SQL does (NULL, which the
     * shipped fields never are): the view is answered from SQL.
     */
    public record NullGroup(String batchRunId) implements Outcome {
    }

    /** No recompute has succeeded yet. */
    public record NoRecompute() implements Outcome {
    }

    /**
     * @param maxRows the most batch_view rows an index holds; a larger view is not loaded
     */
    public ServingIndexLoader(ServingViewSql viewSql, ViewDefinition view, Duration queryTimeout, long maxRows) {
        this.viewSql = requireNonNull(viewSql, "viewSql is null");
        this.view = requireNonNull(view, "view is null");
        this.batchRuns = new BatchRunsReader(viewSql.ledgerTables(), requireNonNull(queryTimeout, "queryTimeout is null"));
        this.timeColumn = timeDimension(view).column();
        this.groupColumns = view.dimensions().stream().filter(d -> d.grain() == TimeGrain.NONE).map(Dimension::column)
                .toList();
        this.maxRows = maxRows;
    }

    /** The view's one time dimension (its grain is not NONE). */
    static Dimension timeDimension(ViewDefinition view) {
        List<Dimension> times = view.dimensions().stream().filter(d -> d.grain() != TimeGrain.NONE).toList();
        if (times.size() != 1) {
            throw new IllegalArgumentException("an indexed view needs exactly one time dimension: " + view.dimensionColumns());
        }
        return times.get(0);
    }

    /** Loads the index of the latest recompute in the caller's (snapshot) transaction. */
    public Outcome load(Connection connection) throws SQLException {
        Optional<BatchRun> run = batchRuns.latestSucceeded(connection);
        if (run.isEmpty()) {
            return new NoRecompute();
        }
        String runId = run.get().runId();
        List<String> columns = new ArrayList<>();
        columns.add(timeColumn);
        columns.addAll(groupColumns);
        columns.addAll(view.measureColumns());
        // In time order, which batch_view's primary key (event_hour, location) gives without a sort; within a group
        // the rows then arrive in time order, as the prefix sums need.
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + viewSql.table(viewSql.view().batchTable())
                + " ORDER BY " + timeColumn;
        int measureCount = view.measures().size();
        ServingIndex.Builder builder = new ServingIndex.Builder(measureCount);
        // No timeout: a background read on its own connection, which a request never waits for.
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            query.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = query.executeQuery()) {
                long[] small = new long[measureCount];
                BigInteger[] big = new BigInteger[measureCount];
                while (rs.next()) {
                    if (builder.rows() >= maxRows) {
                        return new TooLarge(runId);
                    }
                    long time = rs.getObject(1, LocalDateTime.class).toEpochSecond(ZoneOffset.UTC);
                    List<String> group = new ArrayList<>(groupColumns.size());
                    for (int g = 0; g < groupColumns.size(); g++) {
                        String value = rs.getString(2 + g);
                        if (value == null) {
                            return new NullGroup(runId);
                        }
                        group.add(value);
                    }
                    for (int m = 0; m < measureCount; m++) {
                        readMeasure(rs, 2 + groupColumns.size() + m, small, big, m);
                    }
                    builder.add(List.copyOf(group), time, small, big);
                }
            }
        }
        return new Loaded(builder.build(runId));
    }

    // Most values fit a long: parsed from the driver's text straight into one, which is several times faster than
    // getBigDecimal for a million rows; a longer value (NUMERIC(38,0) allows 38 digits) goes through BigDecimal.
    private static void readMeasure(ResultSet rs, int column, long[] small, BigInteger[] big, int m) throws SQLException {
        String text = rs.getString(column);
        if (text.length() <= MAX_LONG_DIGITS && text.indexOf('.') < 0 && text.indexOf('E') < 0 && text.indexOf('e') < 0) {
            small[m] = Long.parseLong(text);
            big[m] = null;
        } else {
            big[m] = new BigDecimal(text).toBigIntegerExact();
        }
    }
}
