package io.lambdaarch.speed.jdbc;

import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.warehouse.WarehouseConnector;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A micro-batch as the sink runs it, without Spark: prepare, the executors' rows into speed_view_incoming, apply. */
final class StagedBatches {
    private StagedBatches() {
    }

    static SpeedBatchResult apply(WarehouseConnector connector, SpeedViewWriter writer, SpeedBatch batch, List<SpeedViewRow> rows)
            throws SQLException {
        writer.prepare(batch.batchId());
        try (Connection connection = connector.open()) {
            connection.setAutoCommit(false);
            // Two "partitions", as two executor tasks write them.
            int half = rows.size() / 2;
            SpeedViewIncoming incoming = new SpeedViewIncoming(new SpeedViewTable(ViewCatalog.shipped().defaultView()), connector.warehouse());
            incoming.write(connection, writer.epoch(), batch.batchId(), 0, rows.subList(0, half).iterator());
            incoming.write(connection, writer.epoch(), batch.batchId(), 1, rows.subList(half, rows.size()).iterator());
            connection.commit();
        }
        return writer.apply(batch);
    }
}
