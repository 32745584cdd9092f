package io.lambdaarch.serving;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.PostgresWarehouse;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' stand-in for the layers that make a declared view's tables: its batch table, its day rollup (if it
 * keeps one) and its speed table, with the columns the serving layer reads, created if missing (the batch and speed
 * layers' own DDL, where it exists already, wins). Then the schema is installed for {@code views}, which creates each
 * view's merged view.
 */
public final class ViewTables {
    private ViewTables() {
    }

    /** Creates the missing tables of every view of {@code views}, then their merged views; commits. */
    public static void install(Connection connection, ViewCatalog views) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            for (NamedView view : views.views()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + view.batchTable() + " (" + columns(view, false) + ")");
                if (view.rollups().contains(TimeGrain.DAY)) {
                    List<String> day = new ArrayList<>();
                    day.add(view.rollup(TimeGrain.DAY).timeColumn() + " TIMESTAMP NOT NULL");
                    view.definition().dimensions().stream().filter(d -> !d.grain().isTime())
                            .forEach(d -> day.add(d.column() + " VARCHAR(1024)"));
                    view.definition().measureColumns().forEach(m -> day.add(m + " NUMERIC(38, 0) NOT NULL"));
                    statement.execute("CREATE TABLE IF NOT EXISTS " + view.rollupTable(TimeGrain.DAY) + " ("
                            + String.join(", ", day) + ")");
                }
                statement.execute("CREATE TABLE IF NOT EXISTS " + view.speedTable() + " (" + columns(view, true) + ")");
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        new SchemaInstaller(new PostgresWarehouse(), views).install(connection);
    }

    private static String columns(NamedView view, boolean speed) {
        List<String> columns = new ArrayList<>();
        if (speed) {
            columns.add(TweetView.INGEST_BUCKET + " TIMESTAMP NOT NULL");
        }
        for (Dimension dimension : view.definition().dimensions()) {
            columns.add(dimension.column() + (dimension.grain().isTime() ? " TIMESTAMP" : " VARCHAR(1024)"));
        }
        view.definition().measureColumns().forEach(m -> columns.add(m + " NUMERIC(38, 0) NOT NULL"));
        return String.join(", ", columns);
    }
}
