package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.window;

import io.lambdaarch.common.view.IngestBuckets;
import io.lambdaarch.common.view.Measure;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.SourceField;
import io.lambdaarch.common.view.TimeGrain;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
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
 * The speed layer's plan, Dataset to Dataset: Kafka records in, the changed groups of every declared view out, in the
 * one {@link ViewGroupLayout}. Tests feed it a MemoryStream.
 *
 * <ol>
 *   <li>{@link #parse}: validate each record with the common validator; ingest time = the record's Kafka timestamp
 *       (the topic uses LogAppendTime).
 *   <li>{@link #aggregate}: watermark on ingest time, drop repeated event ids within the watermark, then turn each
 *       event into one row per declared view (its view key and the dimension values it groups by, the others null)
 *       and group them all by the ingest bucket (an epoch-aligned tumbling window of size B, equal to
 *       {@link IngestBuckets#floor}), the view key and the dimension columns, summing every measure column.
 * </ol>
 *
 * <p>One aggregation for all views: Spark runs one stateful aggregation per query in update mode, and its state is
 * the sum of the views' groups. Grouping by a window of the watermarked column lets Spark drop a bucket's state once
 * the watermark passes its end; records for such a bucket are late and dropped too, so a group Spark has forgotten is
 * never emitted again with a smaller total. That is what allows the sink to overwrite totals rather than add to them.
 */
public final class SpeedViewTransformation {
    private static final String INGEST_WINDOW = "ingest_window";
    private static final String VIEW = "view";
    /** The type of every measure column: DECIMAL(38, 0), as in the warehouse ({@link Measure#PRECISION}). */
    public static final DecimalType MEASURE_TYPE = DataTypes.createDecimalType(Measure.PRECISION, 0);

    private final ViewGroupLayout layout;
    private final Duration ingestBucket;
    private final Duration watermarkDelay;
    private final RecordCounters counters;

    public SpeedViewTransformation(ViewCatalog catalog, Duration ingestBucket, Duration watermarkDelay, RecordCounters counters) {
        this.layout = new ViewGroupLayout(requireNonNull(catalog, "catalog is null"));
        this.ingestBucket = requireNonNull(ingestBucket, "ingestBucket is null");
        this.watermarkDelay = requireNonNull(watermarkDelay, "watermarkDelay is null");
        this.counters = requireNonNull(counters, "counters is null");
        IngestBuckets.sizeSeconds(ingestBucket);
    }

    /** Kafka records (columns {@code value}, {@code timestamp}) to changed groups: {@link #aggregate}({@link #parse}). */
    public Dataset<Row> transform(Dataset<Row> kafkaRecords) {
        return aggregate(parse(kafkaRecords));
    }

    /**
     * Valid events with the raw columns the views read ({@code event_id}, {@code created_at}, {@code location},
     * {@code lang}, the counts) plus {@code ingest_time}; invalid records are counted in the {@link RecordCounters}
     * and dropped.
     */
    public Dataset<Row> parse(Dataset<Row> kafkaRecords) {
        Dataset<Row> events = kafkaRecords.select(col("value"), col("timestamp"))
                .mapPartitions(new KafkaRecordParser(counters), Encoders.row(KafkaRecordParser.SCHEMA));
        return events.select(
                col(TweetView.EVENT_ID),
                timestamp_micros(col(KafkaRecordParser.CREATED_AT_MICROS)).as(TweetView.CREATED_AT),
                col(TweetView.LOCATION),
                col(SourceField.LANG.column()),
                col(TweetView.FOLLOWERS_COUNT),
                col(TweetView.FAVORITE_COUNT),
                col(TweetView.RETWEET_COUNT),
                timestamp_micros(col(KafkaRecordParser.INGEST_TIME_MICROS)).as(TweetView.INGEST_TIME));
    }

    /**
     * Event rows (as {@link #parse} returns them) to the changed groups of every view: ingest_bucket, view_key, the
     * {@link ViewGroupLayout} dimension columns, its measure columns.
     */
    public Dataset<Row> aggregate(Dataset<Row> events) {
        Dataset<Row> deduplicated = events
                .withWatermark(TweetView.INGEST_TIME, watermarkDelay.toMillis() + " milliseconds")
                .dropDuplicatesWithinWatermark(TweetView.EVENT_ID);

        List<Column> perView = layout.views().entrySet().stream()
                .map(e -> viewGroup(e.getKey(), e.getValue()))
                .toList();
        List<Column> exploded = new ArrayList<>();
        exploded.add(col(TweetView.INGEST_TIME));
        ViewGroupLayout.SUM_FIELDS.forEach(f -> exploded.add(col(f)));
        exploded.add(explode(array(perView.toArray(Column[]::new))).as(VIEW));

        List<Column> groups = new ArrayList<>();
        groups.add(window(col(TweetView.INGEST_TIME), IngestBuckets.sizeSeconds(ingestBucket) + " seconds").as(INGEST_WINDOW));
        groups.add(col(VIEW + "." + ViewGroupLayout.VIEW_KEY).as(ViewGroupLayout.VIEW_KEY));
        ViewGroupLayout.dimensionColumns().forEach(c -> groups.add(col(VIEW + "." + c).as(c)));

        List<Column> measures = new ArrayList<>();
        measures.add(count(lit(1)).cast(MEASURE_TYPE).as(ViewGroupLayout.EVENT_COUNT));
        // Each count is widened before it is added, so the running sum never is a LONG (valid counts reach 2^63-1).
        ViewGroupLayout.SUM_FIELDS.forEach(f -> measures.add(
                sum(col(f).cast(MEASURE_TYPE)).cast(MEASURE_TYPE).as(ViewGroupLayout.sumColumn(f))));

        List<Column> output = new ArrayList<>();
        output.add(col(INGEST_WINDOW + ".start").as(TweetView.INGEST_BUCKET));
        output.add(col(ViewGroupLayout.VIEW_KEY));
        ViewGroupLayout.dimensionColumns().forEach(c -> output.add(col(c)));
        ViewGroupLayout.measureColumns().forEach(c -> output.add(col(c)));
        return deduplicated
                .select(exploded.toArray(Column[]::new))
                .groupBy(groups.toArray(Column[]::new))
                .agg(measures.get(0), measures.subList(1, measures.size()).toArray(Column[]::new))
                .select(output.toArray(Column[]::new));
    }

    /** The column names of {@link #aggregate}'s output, in order. */
    public static List<String> outputColumns() {
        List<String> columns = new ArrayList<>();
        columns.add(TweetView.INGEST_BUCKET);
        columns.add(ViewGroupLayout.VIEW_KEY);
        columns.addAll(ViewGroupLayout.dimensionColumns());
        columns.addAll(ViewGroupLayout.measureColumns());
        return List.copyOf(columns);
    }

    /** One event's group in {@code view}: its key and the values of the dimensions it declares, null elsewhere. */
    private static Column viewGroup(String key, NamedView view) {
        List<Column> fields = new ArrayList<>();
        fields.add(lit(key).as(ViewGroupLayout.VIEW_KEY));
        for (String field : ViewGroupLayout.TIME_FIELDS) {
            for (TimeGrain grain : ViewGroupLayout.TIME_GRAINS) {
                boolean used = view.definition().dimensions().stream()
                        .anyMatch(d -> d.grain() == grain && d.sourceColumn().equals(field));
                Column value = used
                        ? date_trunc(ViewGroupLayout.grainName(grain), col(field))
                        : lit(null).cast(DataTypes.TimestampType);
                fields.add(value.as(ViewGroupLayout.timeColumn(field, grain)));
            }
        }
        for (String field : ViewGroupLayout.TEXT_FIELDS) {
            boolean used = view.definition().dimensions().stream()
                    .anyMatch(d -> d.grain() == TimeGrain.NONE && d.sourceColumn().equals(field));
            Column value = used ? col(field) : lit(null).cast(DataTypes.StringType);
            fields.add(value.as(ViewGroupLayout.textColumn(field)));
        }
        return struct(fields.toArray(Column[]::new));
    }
}
