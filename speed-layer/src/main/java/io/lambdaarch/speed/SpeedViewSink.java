package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.ViewDefinition;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.speed.jdbc.SpeedBatch;
import io.lambdaarch.speed.jdbc.SpeedBatchResult;
import io.lambdaarch.speed.jdbc.SpeedViewRow;
import io.lambdaarch.speed.jdbc.SpeedViewWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The foreachBatch sink: runs the micro-batch once (collecting the changed groups to the driver, which also advances
 * Spark's state), then hands them to the {@link SpeedViewWriter}, which applies them in one warehouse transaction or
 * skips them if this batch id was committed before. Runs on the driver, on the query's thread.
 */
public final class SpeedViewSink implements VoidFunction2<Dataset<Row>, Long> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SpeedViewSink.class);
    /** Spark's local property holding the query's id (org.apache.spark.sql.execution.streaming.runtime.StreamExecution). */
    static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

    private final String queryName;
    private final ViewDefinition view;
    private final RecordCounters counters;
    private final SpeedViewWriter writer;
    private final SpeedRunSummary summary = new SpeedRunSummary();

    public SpeedViewSink(String queryName, ViewDefinition view, RecordCounters counters, SpeedViewWriter writer) {
        this.queryName = requireNonNull(queryName, "queryName is null");
        this.view = requireNonNull(view, "view is null");
        this.counters = requireNonNull(counters, "counters is null");
        this.writer = requireNonNull(writer, "writer is null");
    }

    @Override
    public void call(Dataset<Row> batch, Long batchId) throws Exception {
        String queryId = batch.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
        if (queryId == null) {
            throw new IllegalStateException("No streaming query id on this thread: the sink must run inside a streaming query");
        }
        counters.reset();
        // The one action on this batch: a second one would run the whole plan (and count records) again.
        List<Row> changed = batch.collectAsList();
        RecordCounts counts = counters.snapshot();
        List<SpeedViewRow> rows = new ArrayList<>(changed.size());
        changed.forEach(row -> rows.add(toViewRow(row)));

        SpeedBatchResult commit = writer.apply(new SpeedBatch(queryName, queryId, batchId, rows, counts.total(),
                counts.invalidTotal(), counts.maxIngestTime()));
        summary.add(commit, counts);
        if (!commit.applied()) {
            LOG.warn("Batch {} was already committed at {}: skipped (a replay after a restart)", batchId, commit.committedAt());
            return;
        }
        if (counts.invalidTotal() > 0) {
            LOG.warn("Batch {}: skipped {} invalid records ({})", batchId, counts.invalidTotal(), counts.describeInvalid());
        }
        LOG.info("Batch {} committed: {} records, {} valid, {} rows upserted, {} expired; max ingest time {}, retained from {}",
                batchId, counts.total(), counts.valid(), commit.rowsUpserted(), commit.rowsExpired(),
                commit.maxIngestTime().map(Instant::toString).orElse("none"), commit.retainedFrom());
    }

    /** Totals over the batches this sink has seen. */
    public SpeedRunSummary summary() {
        return summary;
    }

    private SpeedViewRow toViewRow(Row row) {
        List<Object> dimensions = new ArrayList<>();
        for (Dimension dimension : view.dimensions()) {
            Object value = row.getAs(dimension.column());
            dimensions.add(switch (dimension.grain()) {
                case NONE -> value;
                case HOUR -> toInstant(value);
            });
        }
        List<BigInteger> measures = new ArrayList<>();
        view.measureColumns().forEach(c -> measures.add(row.<BigDecimal>getAs(c).toBigIntegerExact()));
        return new SpeedViewRow(toInstant(row.getAs(TweetView.INGEST_BUCKET)), dimensions, measures);
    }

    private static Instant toInstant(Object timestamp) {
        return Instant.EPOCH.plus(KafkaRecordParser.micros(timestamp), ChronoUnit.MICROS);
    }
}
