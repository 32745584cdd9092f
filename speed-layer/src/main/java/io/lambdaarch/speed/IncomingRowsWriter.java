package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import io.lambdaarch.speed.jdbc.SpeedViewIncoming;
import io.lambdaarch.speed.jdbc.SpeedViewRow;
import io.lambdaarch.speed.jdbc.SpeedViewTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Row;

/**
 * Runs on the executors, once per Spark partition of a micro-batch's changed groups: writes them into
 * speed_view_incoming in one transaction of its own, so the batch never passes through the driver. A retried task
 * replaces the rows its earlier attempt wrote.
 */
final class IncomingRowsWriter implements ForeachPartitionFunction<Row> {
    private static final long serialVersionUID = 1L;

    private final WarehouseSettings warehouse;
    private final SpeedViewRows rows;
    private final ViewDefinition view;
    private final long epoch;
    private final long batchId;

    IncomingRowsWriter(WarehouseSettings warehouse, ViewDefinition view, long epoch, long batchId) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.view = requireNonNull(view, "view is null");
        this.rows = new SpeedViewRows(view);
        this.epoch = epoch;
        this.batchId = batchId;
    }

    @Override
    public void call(Iterator<Row> partition) throws SQLException {
        if (!partition.hasNext()) {
            return;
        }
        WarehouseConnector connector = new WarehouseConnector(warehouse);
        SpeedViewIncoming incoming = new SpeedViewIncoming(new SpeedViewTable(view), connector.warehouse());
        Iterator<SpeedViewRow> viewRows = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return partition.hasNext();
            }

            @Override
            public SpeedViewRow next() {
                return rows.toViewRow(partition.next());
            }
        };
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            try {
                incoming.write(connection, epoch, batchId, TaskContext.getPartitionId(), viewRows);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
