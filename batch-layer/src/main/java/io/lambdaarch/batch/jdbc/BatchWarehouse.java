package io.lambdaarch.batch.jdbc;

import io.lambdaarch.batch.archive.ArchiveFile;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The statements that differ between PostgreSQL and Redshift: bulk loading from the archive and replacing the batch
 * view. Every method runs inside the caller's transaction and never commits, so the caller decides what is atomic.
 */
public interface BatchWarehouse {

    /** Puts anything the warehouse's COPY needs next to the data (Redshift: the JSONPaths file). */
    void prepareArchive();

    /**
     * Loads one landing run's raw files into raw_batch; {@code manifestKey} names the run's manifest, already in S3.
     * Returns the rows loaded.
     */
    long loadRunFiles(Connection connection, List<ArchiveFile> files, String manifestKey, LoadListener listener)
            throws SQLException;

    /**
     * Replaces raw_batch with the rows of the given raw files (listed in {@code manifestKey} too), once per Kafka
     * coordinate and only below the landed offsets of {@code topic}. Returns the rows now in raw_batch.
     */
    long rebuildRawBatch(Connection connection, List<String> keys, String manifestKey, String topic, LoadListener listener)
            throws SQLException;

    /** Replaces batch_view's rows with the view of the raw rows ingested before {@code cutoff}; returns its rows. */
    long replaceBatchView(Connection connection, Instant cutoff) throws SQLException;
}
