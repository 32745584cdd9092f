package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDL of a declared view's speed table ({@code speed_<name>}: ingest_bucket, the view's dimensions, its measures;
 * keyed by the bucket and the dimensions) and of its staging table ({@code speed_<name>_incoming}, which the speed
 * job's executors write per micro-batch and Spark partition). Both are created if missing, so a view added to the
 * views file gets its tables when a service installs the schema; the default view's are in schema.sql too, with the
 * same layout.
 */
public final class SpeedTableDdl {
    /** Wide enough for a normalized location (256 characters) and any declared text field. */
    static final String TEXT_TYPE = "VARCHAR(1024)";

    private final Warehouse warehouse;

    public SpeedTableDdl(Warehouse warehouse) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** CREATE TABLE IF NOT EXISTS for the view's speed table and its staging table, in that order. */
    public List<String> createStatements(NamedView view) {
        requireNonNull(view, "view is null");
        List<String> key = new ArrayList<>();
        key.add(TweetView.INGEST_BUCKET);
        key.addAll(view.definition().dimensionColumns());
        String timeSort = view.definition().dimensions().stream()
                .filter(d -> d.grain() != TimeGrain.NONE)
                .map(d -> ", " + d.column())
                .findFirst()
                .orElse("");

        String speed = "CREATE TABLE IF NOT EXISTS " + view.speedTable() + " (\n"
                + columns(view) + ",\n    PRIMARY KEY (" + String.join(", ", key) + ")\n)"
                + warehouse.speedTableLayout(TweetView.INGEST_BUCKET + timeSort);
        String incoming = "CREATE TABLE IF NOT EXISTS " + view.speedIncomingTable() + " (\n"
                + "    epoch BIGINT NOT NULL,\n    batch_id BIGINT NOT NULL,\n    spark_partition INTEGER NOT NULL,\n"
                + columns(view) + ",\n    PRIMARY KEY (epoch, batch_id, " + String.join(", ", key) + ")\n)"
                + warehouse.speedStagingTableLayout("epoch, batch_id");
        return List.of(speed, incoming);
    }

    /**
     * True when the view's speed table is missing or has exactly the columns its definition gives it, in order, time
     * columns as timestamps. False when it holds another definition's columns (the view was redefined): then
     * {@link #dropStatements} must run before the tables are created again. The catalog is read, on both warehouses.
     */
    public boolean speedTableFits(Connection connection, NamedView view) throws SQLException {
        List<String> actual = TableColumns.of(connection, view.speedTable());
        if (actual.isEmpty()) {
            return true;
        }
        List<String> expected = new ArrayList<>();
        expected.add(TweetView.INGEST_BUCKET + ":time");
        view.definition().dimensions().forEach(d -> expected.add(d.column() + (d.grain().isTime() ? ":time" : "")));
        expected.addAll(view.definition().measureColumns());
        return actual.equals(expected);
    }

    /** Drops the view's serving view (which reads its speed table), its speed table and its staging table. */
    public List<String> dropStatements(NamedView view) {
        return List.of("DROP VIEW IF EXISTS " + view.servingView(), "DROP TABLE IF EXISTS " + view.speedIncomingTable(),
                "DROP TABLE IF EXISTS " + view.speedTable());
    }

    private String columns(NamedView view) {
        List<String> columns = new ArrayList<>();
        columns.add("    " + TweetView.INGEST_BUCKET + " TIMESTAMP NOT NULL");
        for (Dimension dimension : view.definition().dimensions()) {
            String type = dimension.grain() == TimeGrain.NONE ? TEXT_TYPE : "TIMESTAMP";
            columns.add("    " + dimension.column() + " " + type + " NOT NULL");
        }
        view.definition().measureColumns().forEach(c -> columns.add("    " + c + " " + warehouse.measureType() + " NOT NULL"));
        return String.join(",\n", columns);
    }
}
