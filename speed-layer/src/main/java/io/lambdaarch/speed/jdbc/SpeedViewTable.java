package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.UpsertTarget;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The layout of a view's speed table (speed_view for the default view, {@code speed_<name>} for the others), derived
 * from the view's definition: {@code ingest_bucket}, then the view's dimensions (the key), then its measures. Every
 * statement of this package gets its table names and column lists from here.
 */
public final class SpeedViewTable {
    /** Rows per statement: keeps the bind parameters far below the drivers' limit of 32767. */
    static final int ROWS_PER_STATEMENT = 500;

    private final NamedView namedView;
    private final ViewDefinition view;

    public SpeedViewTable(NamedView view) {
        this.namedView = requireNonNull(view, "view is null");
        this.view = view.definition();
    }

    /** The declared view this table holds. */
    public NamedView view() {
        return namedView;
    }

    /** The speed table: speed_view for the default view. */
    public String name() {
        return namedView.speedTable();
    }

    /** Its staging table, which the executors write: speed_view_incoming for the default view. */
    public String incomingName() {
        return namedView.speedIncomingTable();
    }

    /** The primary key: ingest bucket and the view's dimensions. */
    public List<String> keyColumns() {
        List<String> key = new ArrayList<>();
        key.add(TweetView.INGEST_BUCKET);
        key.addAll(view.dimensionColumns());
        return List.copyOf(key);
    }

    public List<String> measureColumns() {
        return view.measureColumns();
    }

    /** The table as the warehouse's upsert writes it: by the key, overwriting the measures. */
    public UpsertTarget target() {
        return new UpsertTarget(name(), keyColumns(), measureColumns());
    }

    public List<String> columns() {
        List<String> columns = new ArrayList<>(keyColumns());
        columns.addAll(measureColumns());
        return List.copyOf(columns);
    }

    /** {@code (c1, c2, ...)}. */
    public String columnList() {
        return "(" + String.join(", ", columns()) + ")";
    }

    /** {@code (?, ?, ...), (?, ?, ...)} for {@code rows} rows. */
    public String placeholders(int rows) {
        String one = columns().stream().map(c -> "?").collect(Collectors.joining(", ", "(", ")"));
        return String.join(", ", Collections.nCopies(rows, one));
    }

    /** Binds {@code row} to the parameters from {@code firstIndex} on, in column order; returns the next free index. */
    public int bind(PreparedStatement statement, int firstIndex, SpeedViewRow row) throws SQLException {
        if (row.dimensions().size() != view.dimensions().size() || row.measures().size() != view.measures().size()) {
            throw new IllegalArgumentException("row does not match the view definition: " + row);
        }
        int index = firstIndex;
        statement.setObject(index++, utc(row.ingestBucket()));
        for (Object value : row.dimensions()) {
            if (value instanceof Instant instant) {
                statement.setObject(index++, utc(instant));
            } else {
                statement.setObject(index++, value);
            }
        }
        for (BigInteger value : row.measures()) {
            statement.setBigDecimal(index++, new BigDecimal(value));
        }
        return index;
    }

    /**
     * Runs the multi-row statement {@code sql.apply(n)} once per chunk of at most {@value #ROWS_PER_STATEMENT} rows,
     * with the chunk's rows bound in column order; returns the sum of the update counts.
     */
    long executeInChunks(Connection connection, List<SpeedViewRow> rows, IntFunction<String> sql) throws SQLException {
        long written = 0;
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<SpeedViewRow> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            try (PreparedStatement statement = connection.prepareStatement(sql.apply(chunk.size()))) {
                int index = 1;
                for (SpeedViewRow row : chunk) {
                    index = bind(statement, index, row);
                }
                written += statement.executeUpdate();
            }
        }
        return written;
    }

    /** Warehouse timestamps are TIMESTAMP without time zone holding UTC. */
    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
