package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.window;

import io.lambdaarch.common.view.Dimension;
import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewDefinition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The speed layer's plan, Dataset to Dataset: Kafka records in, speed_view rows out. Tests feed it a MemoryStream.
 *
 * <ol>
 *   <li>{@link #parse}: validate each record with the common validator; ingest time = the record's Kafka timestamp
 *       (the topic uses LogAppendTime).
 *   <li>{@link #aggregate}: watermark on ingest time, drop repeated event ids within the watermark, group by the
 *       ingest bucket (an epoch-aligned tumbling window of size B, equal to {@link IngestBuckets#floor}) and the view's
 *       dimensions, and compute its measures, all generated from the {@link ViewDefinition}.
 * </ol>
 *
 * <p>Grouping by a window of the watermarked column lets Spark drop a bucket's state once the watermark passes its
 * end; records for such a bucket are late and dropped too, so a group Spark has forgotten is never emitted again
 * with a smaller total. That is what allows the sink to overwrite totals rather than add to them.
 */
public final class SpeedViewTransformation {
    private static final String INGEST_WINDOW = "ingest_window";
    /** The type of every measure column: DECIMAL(38, 0), as in the warehouse ({@link Measure#PRECISION}). */
    public static final DecimalType MEASURE_TYPE = DataTypes.createDecimalType(Measure.PRECISION, 0);

    private final ViewDefinition view;
    private final Duration ingestBucket;
    private final Duration watermarkDelay;
    private final RecordCounters counters;

    public SpeedViewTransformation(ViewDefinition view, Duration ingestBucket, Duration watermarkDelay, RecordCounters counters) {
        this.view = requireNonNull(view, "view is null");
        this.ingestBucket = requireNonNull(ingestBucket, "ingestBucket is null");
        this.watermarkDelay = requireNonNull(watermarkDelay, "watermarkDelay is null");
        this.counters = requireNonNull(counters, "counters is null");
        IngestBuckets.sizeSeconds(ingestBucket);
    }

    /** Kafka records (columns {@code value}, {@code timestamp}) to speed_view rows: {@link #aggregate}({@link #parse}). */
    public Dataset<Row> transform(Dataset<Row> kafkaRecords) {
        return aggregate(parse(kafkaRecords));
    }

    /**
     * Valid events with the raw columns the view reads ({@code event_id}, {@code created_at}, {@code location},
     * the counts) plus {@code ingest_time}; invalid records are counted in the {@link RecordCounters} and dropped.
     */
    public Dataset<Row> parse(Dataset<Row> kafkaRecords) {
        Dataset<Row> events = kafkaRecords.select(col("value"), col("timestamp"))
                .mapPartitions(new KafkaRecordParser(counters), Encoders.row(KafkaRecordParser.SCHEMA));
        return events.select(
                col(TweetView.EVENT_ID),
                timestamp_micros(col(KafkaRecordParser.CREATED_AT_MICROS)).as(TweetView.CREATED_AT),
                col(TweetView.LOCATION),
                col(TweetView.FOLLOWERS_COUNT),
                col(TweetView.FAVORITE_COUNT),
                col(TweetView.RETWEET_COUNT),
                timestamp_micros(col(KafkaRecordParser.INGEST_TIME_MICROS)).as(TweetView.INGEST_TIME));
    }

    /** Event rows (as {@link #parse} returns them) to speed_view rows: ingest_bucket, dimensions, measures. */
    public Dataset<Row> aggregate(Dataset<Row> events) {
        Dataset<Row> deduplicated = events
                .withWatermark(TweetView.INGEST_TIME, watermarkDelay.toMillis() + " milliseconds")
                .dropDuplicatesWithinWatermark(TweetView.EVENT_ID);

        List<Column> groups = new ArrayList<>();
        groups.add(window(col(TweetView.INGEST_TIME), IngestBuckets.sizeSeconds(ingestBucket) + " seconds").as(INGEST_WINDOW));
        view.dimensions().forEach(d -> groups.add(dimension(d).as(d.column())));
        List<Column> measures = view.measures().stream().map(m -> measure(m).as(m.column())).toList();

        List<Column> output = new ArrayList<>();
        output.add(col(INGEST_WINDOW + ".start").as(TweetView.INGEST_BUCKET));
        view.dimensionColumns().forEach(c -> output.add(col(c)));
        view.measureColumns().forEach(c -> output.add(col(c)));
        return deduplicated
                .groupBy(groups.toArray(Column[]::new))
                .agg(measures.get(0), measures.subList(1, measures.size()).toArray(Column[]::new))
                .select(output.toArray(Column[]::new));
    }

    /** The column names of {@link #aggregate}'s output, in order. */
    public List<String> outputColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(TweetView.INGEST_BUCKET);
        columns.addAll(view.allColumns());
        return List.copyOf(columns);
    }

    private static Column dimension(Dimension dimension) {
        return switch (dimension.grain()) {
            case NONE -> col(dimension.sourceColumn());
            case HOUR, DAY -> date_trunc(dimension.grain().unit(), col(dimension.sourceColumn()));
        };
    }

    /**
     * Every measure as {@link #MEASURE_TYPE}, the warehouse's type: valid counts go up to 2^63-1, so a LONG sum would
     * overflow after two events. Each count is widened before it is added, so the running sum never is a LONG.
     */
    private static Column measure(Measure measure) {
        return switch (measure.aggregation()) {
            case COUNT -> count(lit(1)).cast(MEASURE_TYPE);
            case SUM -> sum(col(measure.sourceColumn()).cast(MEASURE_TYPE)).cast(MEASURE_TYPE);
        };
    }
}
