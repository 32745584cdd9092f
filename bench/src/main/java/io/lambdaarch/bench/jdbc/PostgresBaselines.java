package io.lambdaarch.bench.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.ViewQueries;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The warehouse baselines of the landing and recompute figures, on the rows the batch layer just loaded into
 * raw_batch: a plain {@code COPY FROM STDIN} of the same rows, and a plain {@code CREATE TABLE AS SELECT ... GROUP BY} per
 * declared view (and rollup).
 * PostgreSQL only: the bench runs on the embedded stack.
 */
public final class PostgresBaselines {
    private static final String COPY_TABLE = "bench_copy_baseline";
    private static final String CTAS_TABLE = "bench_ctas_baseline";

    private final WarehouseConnector connector;

    public PostgresBaselines(WarehouseConnector connector) {
        this.connector = requireNonNull(connector, "connector is null");
    }

    /**
     * Exports raw_batch as CSV to {@code csvFile}, then times one {@code COPY ... FROM STDIN} of that file into an
     * empty copy of raw_batch (same columns, keys and indexes) in one transaction, commit included, as landing
     * commits its COPY. The copy is dropped afterwards.
     */
    public Timed copyFromStdin(Path csvFile) throws SQLException {
        try (Connection connection = connector.open()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(csvFile), 1 << 16)) {
                copy.copyOut("COPY " + Tables.RAW_BATCH + " TO STDOUT WITH (FORMAT csv)", out);
            }
            execute(connection, "DROP TABLE IF EXISTS " + COPY_TABLE);
            execute(connection, "CREATE TABLE " + COPY_TABLE + " (LIKE " + Tables.RAW_BATCH + " INCLUDING ALL)");
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            long rows;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(csvFile), 1 << 16)) {
                rows = copy.copyIn("COPY " + COPY_TABLE + " FROM STDIN WITH (FORMAT csv)", in);
            }
            connection.commit();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            connection.setAutoCommit(true);
            execute(connection, "DROP TABLE " + COPY_TABLE);
            return new Timed(rows, took);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot stage the COPY baseline's rows in " + csvFile, e);
        } finally {
            deleteQuietly(csvFile);
        }
    }

    /**
     * Times what a user without this project would run to build the same tables: for every declared view one {@code CREATE
     * TABLE ... AS} its query over all of raw_batch (no deduplication), and for each of its rollups one {@code CREATE
     * TABLE ... AS} the rollup of that table; then drops them. The baseline grows with the views, as the job it is
     * compared with does (docs/benchmarks.md#figures-and-targets); {@code rows} are the default view's.
     */
    public Timed createTablesAsGroupBy(ViewQueries queries, ViewCatalog views) throws SQLException {
        List<String> statements = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        int defaultView = -1;
        for (NamedView view : views.views()) {
            String table = CTAS_TABLE + "_" + view.name();
            if (view == views.defaultView()) {
                defaultView = statements.size();
            }
            statements.add("CREATE TABLE " + table + " AS " + queries.aggregateQuery(view.definition(), Tables.RAW_BATCH, null));
            tables.add(table);
            for (TimeGrain grain : view.rollups()) {
                String rollupTable = table + "_" + grain.unit();
                statements.add("CREATE TABLE " + rollupTable + " AS " + queries.rollupQuery(view.rollup(grain), table, null));
                tables.add(rollupTable);
            }
        }
        try (Connection connection = connector.open()) {
            for (String table : tables) {
                execute(connection, "DROP TABLE IF EXISTS " + table);
            }
            long rows = 0;
            long started = System.nanoTime();
            for (int i = 0; i < statements.size(); i++) {
                long written = execute(connection, statements.get(i));
                if (i == defaultView) {
                    rows = written;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            for (String table : tables) {
                execute(connection, "DROP TABLE " + table);
            }
            return new Timed(rows, took);
        }
    }

    /**
     * A timed statement.
     *
     * @param rows rows it wrote
     * @param took how long it took
     */
    public record Timed(long rows, Duration took) {
        public double rowsPerSecond() {
            return rows / Math.max(took.toNanos() / 1e9, 1e-9);
        }
    }

    private static long execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // only a temporary file in the bench's work directory, wiped with it
        }
    }
}
