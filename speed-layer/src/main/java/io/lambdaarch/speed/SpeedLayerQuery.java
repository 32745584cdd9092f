package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.jdbc.SpeedViewWriter;
import io.lambdaarch.speed.kafka.KafkaSourceOptions;
import java.time.Clock;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The streaming query: Kafka topic -> {@link SpeedViewTransformation} -> {@link SpeedViewSink}, in update mode, with
 * its checkpoint where the configuration says: one query, one aggregation, for every declared view.
 * {@link #start()} returns the running query.
 */
public final class SpeedLayerQuery {
    /** Spark's query name and the key of this job's rows in speed_commits. */
    public static final String QUERY_NAME = "speed_view";

    private final SparkSession spark;
    private final SpeedLayerConfig config;
    private final ViewCatalog catalog;
    private final SpeedViewWriter writer;
    private final Clock clock;
    private SpeedViewSink sink;

    public SpeedLayerQuery(SparkSession spark, SpeedLayerConfig config, ViewCatalog catalog, SpeedViewWriter writer,
            Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.config = requireNonNull(config, "config is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts the query; with {@code once} it stops by itself when everything available has been processed. */
    public StreamingQuery start() throws TimeoutException {
        RecordCounters counters = RecordCounters.register(spark.sparkContext());
        SpeedViewTransformation transformation = new SpeedViewTransformation(catalog,
                config.pipeline().ingestBucket(), config.watermarkDelay(), counters);
        Dataset<Row> records = spark.readStream()
                .format("kafka")
                .options(KafkaSourceOptions.of(config, clock.instant()))
                .load();
        sink = new SpeedViewSink(QUERY_NAME, new ViewGroupLayout(catalog), counters, writer, config.warehouse());
        spark.streams().addListener(new SpeedProgressListener(clock));
        Trigger trigger = config.once()
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(config.triggerInterval().toMillis());
        return transformation.transform(records)
                .writeStream()
                .queryName(QUERY_NAME)
                .outputMode(OutputMode.Update())
                .option("checkpointLocation", config.checkpointLocation())
                .trigger(trigger)
                .foreachBatch(sink)
                .start();
    }

    /** What the query has done so far (after {@link #start()}). */
    public SpeedRunSummary summary() {
        if (sink == null) {
            throw new IllegalStateException("the query has not been started");
        }
        return sink.summary();
    }
}
