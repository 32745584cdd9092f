package io.lambdaarch.batch.jdbc;

import io.lambdaarch.batch.archive.ArchiveLines;
import io.lambdaarch.common.ledger.LandingOffsetsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.sql.Tables;

/**
 * SQL shared by both warehouses when raw_batch is rebuilt from the archive. The archive may hold a file twice over
 * for some offsets (a run killed after uploading, whose retry cut its last file longer) and files past the landed
 * offsets (a killed run not retried yet), so rows are staged first, then kept once per Kafka coordinate and only
 * below landing_offsets: exactly what the committed landing runs had loaded.
 */
public final class ReplaySql {
    /** The staging table, a temporary copy of raw_batch's columns without its primary key. */
    public static final String STAGING_TABLE = "raw_batch_replay";

    private ReplaySql() {
    }

    /** Moves staged rows into raw_batch, once per (partition, offset), below the landed offsets of topic {@code ?}. */
    public static String insertFromStaging() {
        String columns = String.join(", ", ArchiveLines.RAW_BATCH_COLUMNS);
        String staged = "s." + String.join(", s.", ArchiveLines.RAW_BATCH_COLUMNS);
        return "INSERT INTO " + Tables.RAW_BATCH + " (" + columns + ") SELECT " + columns + " FROM (SELECT " + staged
                + ", ROW_NUMBER() OVER (PARTITION BY s.kafka_partition, s.kafka_offset ORDER BY s.kafka_offset) AS copy_rank"
                + " FROM " + STAGING_TABLE + " s " + new LandingOffsetsReader(LedgerTables.unqualified()).landedRowsJoin("s")
                + ") copies WHERE copy_rank = 1";
    }
}
