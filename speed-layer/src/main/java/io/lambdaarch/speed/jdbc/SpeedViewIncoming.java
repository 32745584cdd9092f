package io.lambdaarch.speed.jdbc;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A view's incoming table (speed_view_incoming for the default view, {@code speed_<name>_incoming} for the others):
 * the changed groups of a micro-batch, written by the executors one Spark partition at a time, so the driver never
 * holds the batch; the driver then applies the batch's rows into the view's speed table in the transaction that
 * records it ({@link SpeedViewWriter}). Rows carry the writer's lease epoch and the batch id: a retried task
 * replaces its partition's rows, a retried batch its batch's, and a fenced driver's rows are never applied.
 */
public final class SpeedViewIncoming {
    private final SpeedViewTable table;
    private final Warehouse warehouse;
    private final String name;

    public SpeedViewIncoming(SpeedViewTable table, Warehouse warehouse) {
        this.table = requireNonNull(table, "table is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.name = table.incomingName();
    }

    /**
     * Deletes what earlier attempts left behind, before the executors write batch {@code batchId}: rows of other
     * epochs (a driver that lost its lease) and of this epoch up to this batch (a batch or task that failed).
     */
    public void clear(Connection connection, long epoch, long batchId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + name + " WHERE epoch <> ? OR batch_id <= ?")) {
            delete.setLong(1, epoch);
            delete.setLong(2, batchId);
            delete.executeUpdate();
        }
    }

    /**
     * Writes one Spark partition's rows of batch {@code batchId} in the caller's transaction, after deleting what an
     * earlier attempt of the same task wrote; returns the rows written. Streams: at most one chunk of rows is held.
     */
    public long write(Connection connection, long epoch, long batchId, int partition, Iterator<SpeedViewRow> rows)
            throws SQLException {
        PartitionWriter writer = partitionWriter(connection, epoch, batchId, partition);
        while (rows.hasNext()) {
            writer.add(rows.next());
        }
        return writer.flush();
    }

    /**
     * Starts writing one Spark partition's rows of batch {@code batchId} in the caller's transaction: deletes what an
     * earlier attempt of the same task wrote now; {@link PartitionWriter#add} then inserts a chunk at a time.
     */
    public PartitionWriter partitionWriter(Connection connection, long epoch, long batchId, int partition) throws SQLException {
        // The other partitions' tasks write the same table at the same time.
        try (Statement statement = connection.createStatement()) {
            for (String sql : warehouse.concurrentWriteSetup(name)) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + name
                + " WHERE epoch = ? AND batch_id = ? AND spark_partition = ?")) {
            delete.setLong(1, epoch);
            delete.setLong(2, batchId);
            delete.setInt(3, partition);
            delete.executeUpdate();
        }
        return new PartitionWriter(connection, epoch, batchId, partition);
    }

    /** One Spark partition's rows of one batch, inserted a chunk at a time; holds at most one chunk. */
    public final class PartitionWriter {
        private final Connection connection;
        private final long epoch;
        private final long batchId;
        private final int partition;
        private final List<SpeedViewRow> chunk = new ArrayList<>(SpeedViewTable.ROWS_PER_STATEMENT);
        private long written;

        private PartitionWriter(Connection connection, long epoch, long batchId, int partition) {
            this.connection = connection;
            this.epoch = epoch;
            this.batchId = batchId;
            this.partition = partition;
        }

        public void add(SpeedViewRow row) throws SQLException {
            chunk.add(row);
            if (chunk.size() == SpeedViewTable.ROWS_PER_STATEMENT) {
                flush();
            }
        }

        /** Inserts the rows still held; returns the rows written so far. */
        public long flush() throws SQLException {
            if (!chunk.isEmpty()) {
                written += insert(connection, epoch, batchId, partition, chunk);
                chunk.clear();
            }
            return written;
        }
    }

    /** The rows of one batch, in the speed table's column order; binds epoch, then batch id. */
    public String batchQuery() {
        return "SELECT " + String.join(", ", table.columns()) + " FROM " + name + " WHERE epoch = ? AND batch_id = ?";
    }

    /** Deletes the rows of batch {@code batchId} (applied, or skipped as applied before) in the caller's transaction. */
    public void delete(Connection connection, long epoch, long batchId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + name + " WHERE epoch = ? AND batch_id = ?")) {
            delete.setLong(1, epoch);
            delete.setLong(2, batchId);
            delete.executeUpdate();
        }
    }

    private long insert(Connection connection, long epoch, long batchId, int partition, List<SpeedViewRow> chunk)
            throws SQLException {
        String one = "(?, ?, ?, " + String.join(", ", Collections.nCopies(table.columns().size(), "?")) + ")";
        String sql = "INSERT INTO " + name + " (epoch, batch_id, spark_partition, " + String.join(", ", table.columns())
                + ") VALUES " + String.join(", ", Collections.nCopies(chunk.size(), one));
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = 1;
            for (SpeedViewRow row : chunk) {
                insert.setLong(index++, epoch);
                insert.setLong(index++, batchId);
                insert.setInt(index++, partition);
                index = table.bind(insert, index, row);
            }
            return insert.executeUpdate();
        }
    }
}
