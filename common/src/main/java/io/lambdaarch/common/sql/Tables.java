package io.lambdaarch.common.sql;

import java.util.List;

/**
 * Names of the warehouse tables and views of docs/design.md#warehouse-tables, but for the four the layers share,
 * whose names the ledger keeps (package {@code io.lambdaarch.common.ledger}).
 */
public final class Tables {
    /** Every valid landed event, one row per Kafka (partition, offset). */
    public static final String RAW_BATCH = "raw_batch";
    /**
     * The first copy of every event id in raw_batch (earliest ingest time, ties to the lower partition, then offset),
     * with the columns the view reads; kept in the landing transaction, so batch runs read it instead of deduplicating.
     */
    public static final String FIRST_COPIES = "first_copies";
    /**
     * The columns of raw_batch and first_copies, in the order landing's COPY fills raw_batch: the one list the COPY
     * rows, Redshift's JSONPaths, the replay and the first-copy index derive from. {@code lang} is last because a
     * warehouse made before it gets it appended ({@code ALTER TABLE ... ADD COLUMN}); it is NULL when the event has
     * none (and in rows landed before it existed), which views read as {@code und}.
     */
    public static final List<String> RAW_COLUMNS = List.of("event_id", "created_at", "location", "followers_count",
            "favorite_count", "retweet_count", "kafka_partition", "kafka_offset", "ingest_time", "lang");
    /** The batch layer's view over raw_batch rows ingested before the cutoff. */
    public static final String BATCH_VIEW = "batch_view";
    /**
     * batch_view at the grain of a UTC day ({@code event_day x location}), derived from batch_view's rows in the same
     * transaction as every change to them, so the two never disagree; the serving layer reads it for whole days.
     */
    public static final String BATCH_VIEW_DAY = "batch_view_day";
    /** The speed layer's view, by (ingest_bucket, event_hour, location). */
    public static final String SPEED_VIEW = "speed_view";
    /** The changed groups of speed micro-batches, written by the executors, applied by the driver. */
    public static final String SPEED_VIEW_INCOMING = "speed_view_incoming";
    /** The merged, exact answer (a view). */
    public static final String SERVING_VIEW = "serving_view";
    /** The batch job's lock on warehouses without advisory locks (Redshift). */
    public static final String BATCH_LOCK = "batch_lock";

    private Tables() {
    }
}
