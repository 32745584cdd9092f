package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.speed.jdbc.SpeedViewIncoming;
import io.lambdaarch.speed.jdbc.SpeedViewRow;
import io.lambdaarch.speed.jdbc.SpeedViewTable;
import io.lambdaarch.speed.jdbc.TransientRetries;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.api.java.function.ForeachPartitionFunction;

/**
 * Runs on the executors, once per Spark partition of a micro-batch's changed groups: writes each group into its
 * view's incoming table (speed_view_incoming for the default view) in one transaction of its own, so the batch never
 * passes through the driver. A retried task replaces the rows its earlier attempt wrote, in every view's table.
 */
final class IncomingRowsWriter implements ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;

    private final WarehouseSettings warehouse;
    private final SpeedViewRows rows;
    private final List<NamedView> views;
    private final long epoch;
    private final long batchId;

    IncomingRowsWriter(WarehouseSettings warehouse, ViewGroupLayout layout, long epoch, long batchId) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.rows = new SpeedViewRows(layout);
        this.views = List.copyOf(layout.views().values());
        this.epoch = epoch;
        this.batchId = batchId;
    }

    @Override
    public void call(Iterator<Row> partition) throws SQLException {
        if (!partition.hasNext()) {
            return;
        }
        WarehouseConnector connector = new WarehouseConnector(warehouse);
        int sparkPartition = TaskContext.getPartitionId();
        // Retried as the driver's transactions are: an outage met here first would otherwise fail the task, and with it
        // the query, at once. Opening the connection is the step that meets it before any row has been read.
        try (Connection connection = TransientRetries.run(batchId, connector::open)) {
            connection.setAutoCommit(false);
            try {
                Map<String, SpeedViewIncoming.PartitionWriter> writers = new LinkedHashMap<>();
                // Every view's earlier attempt is replaced, also a view this attempt has no rows for.
                for (NamedView view : views) {
                    writers.put(view.name(), new SpeedViewIncoming(new SpeedViewTable(view), connector.warehouse())
                            .partitionWriter(connection, epoch, batchId, sparkPartition));
                }
                while (partition.hasNext()) {
                    Row row = partition.next();
                    Optional<NamedView> view = rows.viewOf(row);
                    if (view.isPresent()) {
                        SpeedViewRow viewRow = rows.toViewRow(view.get(), row);
                        writers.get(view.get().name()).add(viewRow);
                    }
                }
                for (SpeedViewIncoming.PartitionWriter writer : writers.values()) {
                    writer.flush();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
