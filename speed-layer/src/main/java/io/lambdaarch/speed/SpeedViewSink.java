package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.ledger.SpeedLateRows;
import io.lambdaarch.speed.jdbc.SpeedBatch;
import io.lambdaarch.speed.jdbc.SpeedBatchResult;
import io.lambdaarch.speed.jdbc.SpeedViewWriter;
import java.time.Instant;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreachBatch sink. Runs the micro-batch once, on the executors: each partition of changed groups goes into its
 * view's incoming table ({@link IncomingRowsWriter}), which also advances Spark's state; the driver holds only the
 * counters. Then the {@link SpeedViewWriter} applies the batch for every view in one warehouse transaction, or skips it
 * if this batch id was committed before. Runs on the driver, on the query's thread.
 */
public final class SpeedViewSink implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewSink.class);
    /** Spark's local property holding the query's id (org.apache.spark.sql.execution.streaming.runtime.StreamExecution). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private final String queryName;
    private final ViewGroupLayout layout;
    private final RecordCounters counters;
    private final SpeedViewWriter writer;
    private final WarehouseSettings warehouse;
    private final SpeedRunSummary summary = new SpeedRunSummary();
    private boolean prepared;

    SpeedViewSink(String queryName, ViewGroupLayout layout, RecordCounters counters, SpeedViewWriter writer,
            WarehouseSettings warehouse) {
        this.queryName = requireNonNull(queryName, "queryName is null");
        this.layout = requireNonNull(layout, "layout is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (queryId == null) {
            throw new IllegalStateException("No streaming query id on this thread: the sink must run inside a streaming query");
        }
        if (!prepared) {
            // Leftovers of a failed run exist only before this run's first batch: a failed batch ends the query, and
            // a retried task replaces its own partition's rows. Later batches skip this transaction.
            writer.prepare(batchId);
            prepared = true;
        }
        counters.reset();
        // The one action on this batch: a second one would run the whole plan (and count records) again.
        batch.foreachPartition(new IncomingRowsWriter(warehouse, layout, writer.epoch(), batchId));
        RecordCounts counts = counters.snapshot();

        SpeedBatchResult commit = writer.apply(new SpeedBatch(queryName, queryId, batchId, counts.total(),
                counts.invalidTotal(), counts.maxIngestTime(), counts.minIngestTime()));
        summary.add(commit, counts);
        if (!commit.applied()) {
            LOG.warn("Batch {} was already committed at {}: skipped (a replay after a restart)", batchId, commit.committedAt());
            return;
        }
        if (counts.invalidTotal() > 0) {
            LOG.warn("Batch {}: skipped {} invalid records ({})", batchId, counts.invalidTotal(), counts.describeInvalid());
        }
        if (commit.late().isPresent()) {
            SpeedLateRows late = commit.late().get();
            LOG.warn("Batch {} read records at or behind the watermark (oldest ingest time {}): Spark drops them, so ingest"
                    + " buckets {} to {} are short in every view's speed table until a batch cutoff passes {} (recorded in the ledger;"
                    + " the serving layer answers complete: false until then)", batchId,
                    counts.minIngestTime().map(Instant::toString).orElse("none"), late.firstBucket(), late.lastBucket(),
                    late.lastBucket());
        }
        LOG.info("Batch {} committed: {} records, {} valid, {} rows upserted, {} expired; max ingest time {}, retained from {}",
                batchId, counts.total(), counts.valid(), commit.rowsUpserted(), commit.rowsExpired(),
                commit.maxIngestTime().map(Instant::toString).orElse("none"), commit.retainedFrom());
    }

    /** Totals over the batches this sink has seen. */
    public SpeedRunSummary summary() {
        return summary;
    }
}
