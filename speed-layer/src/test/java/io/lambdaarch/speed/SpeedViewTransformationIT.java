package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.view.NamedView;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.speed.jdbc.SpeedViewRow;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The transformation on its own, in a local Spark, fed through a MemoryStream with ingest times the test chooses.
 * Expected rows are computed here from the input, not by the code under test.
 */
class SpeedViewTransformationIT {
    private static final Duration BUCKET = Duration.ofSeconds(10);
    private static final Duration WATERMARK_DELAY = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-11-26T09:00:00Z");
    private static final ViewCatalog CATALOG = ViewCatalog.shipped();
    private static final SpeedViewRows VIEW_ROWS = new SpeedViewRows(new ViewGroupLayout(CATALOG));

    private static SparkSession spark;

    @TempDir
    Path checkpoint;
    private MemoryStream<Tuple2<byte[], Timestamp>> input;
    private RecordCounters counters;
    private final List<List<Row>> batches = new CopyOnWriteArrayList<>();
    private final List<RecordCounts> counts = new CopyOnWriteArrayList<>();
    private StreamingQuery query;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("speed-view-transformation-it");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void startQuery() throws Exception {
        input = MemoryStream.apply(Encoders.tuple(Encoders.BINARY(), Encoders.TIMESTAMP()), spark);
        counters = RecordCounters.register(spark.sparkContext());
        SpeedViewTransformation transformation = new SpeedViewTransformation(CATALOG, BUCKET, WATERMARK_DELAY, counters);
        query = transformation.transform(input.toDF().toDF("value", "timestamp"))
                .writeStream()
                .outputMode(OutputMode.Update())
                .option("checkpointLocation", checkpoint.toString())
                .foreachBatch((batch, batchId) -> {
                    counters.reset();
                    batches.add(batch.collectAsList());
                    counts.add(counters.snapshot());
                })
                .start();
    }

    @AfterEach
    void stopQuery() throws Exception {
        query.stop();
    }

    @Test
    void shouldAggregateByIngestBucketEventHourAndLocation() {
        List<Tuple2<byte[], Timestamp>> records = List.of(
                record(event("1", "2026-11-26T08:59:59Z", "Berlin", 10, 1, 0), T0.plusSeconds(1)),
                record(event("2", "2026-11-26T08:15:00+01:00", "  Berlin \\n", 20, 2, 1), T0.plusSeconds(9)),
                record(event("3", "2026-11-26T08:30:00Z", "Berlin", 5, 0, 3), T0.plusMillis(10_000)),
                record(event("4", "2026-11-26T09:00:00Z", "Berlin", 1, 1, 1), T0.plusSeconds(12)),
                record(event("5", "2026-11-26T08:45:00Z", null, 7, 0, 0), T0.plusSeconds(19)));
        process(records);

        Map<List<Object>, List<BigInteger>> expected = new HashMap<>();
        // ids 1 and 2: bucket 09:00:00, hour 08:00 ("08:15+01:00" is 07:15 UTC, so id 2 is hour 07:00)
        expected.put(key(T0, "2026-11-26T08:00:00Z", "Berlin"), measures(1, 10, 1, 0));
        expected.put(key(T0, "2026-11-26T07:00:00Z", "Berlin"), measures(1, 20, 2, 1));
        // ids 3, 4, 5: bucket 09:00:10 (10.000 s is the first instant of the next bucket)
        expected.put(key(T0.plusSeconds(10), "2026-11-26T08:00:00Z", "Berlin"), measures(1, 5, 0, 3));
        expected.put(key(T0.plusSeconds(10), "2026-11-26T09:00:00Z", "Berlin"), measures(1, 1, 1, 1));
        expected.put(key(T0.plusSeconds(10), "2026-11-26T08:00:00Z", "unknown"), measures(1, 7, 0, 0));
        assertThat(latestRows()).isEqualTo(expected);
        assertThat(counts.get(0).valid()).isEqualTo(5);
        assertThat(counts.get(0).maxIngestTime()).contains(T0.plusSeconds(19));
    }

    @Test
    void shouldCountAnIdOnceWithinTheWatermarkAndEmitOnlyChangedGroups() {
        byte[] event = event("42", "2026-11-26T08:10:00Z", "Oslo", 3, 0, 0);
        process(List.of(record(event, T0.plusSeconds(1)), record(event, T0.plusSeconds(2))));
        process(List.of(record(event, T0.plusSeconds(15)),
                record(event("43", "2026-11-26T08:20:00Z", "Rome", 1, 0, 0), T0.plusSeconds(16))));

        assertThat(rows(batches.get(0))).containsExactly(Map.entry(key(T0, "2026-11-26T08:00:00Z", "Oslo"), measures(1, 3, 0, 0)));
        // The repeat in the second batch changes nothing, so Oslo is not emitted again; Rome is new.
        assertThat(rows(lastDataBatch())).containsExactly(
                Map.entry(key(T0.plusSeconds(10), "2026-11-26T08:00:00Z", "Rome"), measures(1, 1, 0, 0)));
    }

    @Test
    void shouldSkipAndCountInvalidRecordsByReason() {
        process(List.of(
                record("{not json".getBytes(StandardCharsets.UTF_8), T0),
                record(event("7", "2026-11-26T08:00:00Z", "Oslo", -1, 0, 0), T0),
                record(("x".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8), T0),
                record(null, T0),
                record("{\"id\":\"8\"}".getBytes(StandardCharsets.UTF_8), T0),
                record(event("9", "2026-11-26T08:00:00Z", "Oslo", 1, 0, 0), T0)));

        assertThat(rows(batches.get(0))).containsOnlyKeys(key(T0, "2026-11-26T08:00:00Z", "Oslo"));
        assertThat(counts.get(0).valid()).isEqualTo(1);
        assertThat(counts.get(0).invalid()).isEqualTo(Map.of(
                InvalidReason.MALFORMED_JSON, 3L,
                InvalidReason.INVALID_COUNT, 1L,
                InvalidReason.INVALID_CREATED_AT, 1L));
    }

    @Test
    void shouldDropLateRecordsOfABucketTheWatermarkHasPassed() {
        process(List.of(record(event("1", "2026-11-26T08:00:00Z", "Oslo", 1, 0, 0), T0.plusSeconds(1))));
        // Ingest time 09:01:00 moves the watermark to 09:00:30: bucket 09:00:00 (ends 09:00:10) is final.
        process(List.of(record(event("2", "2026-11-26T08:00:00Z", "Oslo", 1, 0, 0), T0.plusSeconds(60))));
        int before = batches.size();
        process(List.of(record(event("3", "2026-11-26T08:00:00Z", "Oslo", 1, 0, 0), T0.plusSeconds(5))));

        List<Row> emittedAfterLateRecord = batches.subList(before, batches.size()).stream().flatMap(List::stream).toList();
        assertThat(rows(emittedAfterLateRecord)).doesNotContainKey(key(T0, "2026-11-26T08:00:00Z", "Oslo"));
        long dropped = Arrays.stream(query.lastProgress().stateOperators())
                .mapToLong(StateOperatorProgress::numRowsDroppedByWatermark).sum();
        assertThat(dropped).isEqualTo(1);
    }

    @Test
    void shouldSumPastTwoToTheSixtyThreeExactly() {
        long max = Long.MAX_VALUE;
        long jsonSafe = (1L << 53) - 1;
        List<Tuple2<byte[], Timestamp>> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(record(event(Integer.toString(100 + i), "2026-11-26T08:00:00Z", "Oslo", max, max, max), T0));
        }
        for (int i = 0; i < 1_100; i++) {
            records.add(record(event(Integer.toString(10_000 + i), "2026-11-26T08:00:00Z", "Rome", jsonSafe, 0, 1), T0.plusSeconds(1)));
        }
        process(records.subList(0, 2));
        process(records.subList(2, records.size()));

        BigInteger threeMax = BigInteger.valueOf(max).multiply(BigInteger.valueOf(3));
        assertThat(query.isActive()).isTrue();
        assertThat(latestRows()).isEqualTo(Map.of(
                key(T0, "2026-11-26T08:00:00Z", "Oslo"),
                List.of(BigInteger.valueOf(3), threeMax, threeMax, threeMax),
                key(T0, "2026-11-26T08:00:00Z", "Rome"),
                List.of(BigInteger.valueOf(1_100), BigInteger.valueOf(jsonSafe).multiply(BigInteger.valueOf(1_100)),
                        BigInteger.ZERO, BigInteger.valueOf(1_100))));
        assertThat(batches.get(0).get(0).schema().apply(ViewGroupLayout.sumColumn(TweetView.FOLLOWERS_COUNT)).dataType())
                .isEqualTo(SpeedViewTransformation.MEASURE_TYPE);
    }

    @Test
    void shouldAggregateEveryDeclaredViewInTheOneQuery() {
        process(List.of(
                record(event("1", "2026-11-26T23:59:59Z", "Berlin", 10, 1, 2, "de"), T0.plusSeconds(1)),
                record(event("2", "2026-11-27T00:00:00Z", "Berlin", 20, 2, 3, "de"), T0.plusSeconds(2)),
                record(event("3", "2026-11-26T08:00:00Z", "Oslo", 5, 0, 4, null), T0.plusSeconds(3)),
                record(event("1", "2026-11-26T23:59:59Z", "Berlin", 10, 1, 2, "de"), T0.plusSeconds(4)),
                record(event("4", "2026-11-26T01:00:00Z", "Rome", 1, 1, 5, "de"), T0.plusSeconds(12))));

        // lang_day: (ingest bucket, UTC day of created_at, lang; und when missing), tweet_count and retweets_sum; the
        // repeated id 1 counted once, as in the default view.
        assertThat(latestRows("lang_day")).isEqualTo(Map.of(
                List.of(T0, Instant.parse("2026-11-26T00:00:00Z"), "de"), measures(1, 2),
                List.of(T0, Instant.parse("2026-11-27T00:00:00Z"), "de"), measures(1, 3),
                List.of(T0, Instant.parse("2026-11-26T00:00:00Z"), "und"), measures(1, 4),
                List.of(T0.plusSeconds(10), Instant.parse("2026-11-26T00:00:00Z"), "de"), measures(1, 5)));
        assertThat(latestRows()).isEqualTo(Map.of(
                key(T0, "2026-11-26T23:00:00Z", "Berlin"), measures(1, 10, 1, 2),
                key(T0, "2026-11-27T00:00:00Z", "Berlin"), measures(1, 20, 2, 3),
                key(T0, "2026-11-26T08:00:00Z", "Oslo"), measures(1, 5, 0, 4),
                key(T0.plusSeconds(10), "2026-11-26T01:00:00Z", "Rome"), measures(1, 1, 1, 5)));
    }

    private static List<BigInteger> measures(long... values) {
        return Arrays.stream(values).mapToObj(BigInteger::valueOf).toList();
    }

    private void process(List<Tuple2<byte[], Timestamp>> records) {
        input.addData(CollectionConverters.asScala(records).toSeq());
        query.processAllAvailable();
    }

    private List<Row> lastDataBatch() {
        for (int i = batches.size() - 1; i >= 0; i--) {
            if (!batches.get(i).isEmpty()) {
                return batches.get(i);
            }
        }
        return List.of();
    }

    /** Update mode emits a group whenever it changes: the last emission of each group is its current total. */
    private Map<List<Object>, List<BigInteger>> latestRows() {
        return latestRows(CATALOG.defaultView().name());
    }

    private Map<List<Object>, List<BigInteger>> latestRows(String view) {
        Map<List<Object>, List<BigInteger>> latest = new HashMap<>();
        batches.forEach(batch -> latest.putAll(rows(batch, view)));
        return latest;
    }

    /** The default view's rows of {@code batch}. */
    private static Map<List<Object>, List<BigInteger>> rows(List<Row> batch) {
        return rows(batch, CATALOG.defaultView().name());
    }

    /** {@code view}'s rows of {@code batch}, by (ingest bucket, dimensions...), as the sink maps them. */
    private static Map<List<Object>, List<BigInteger>> rows(List<Row> batch, String view) {
        Map<List<Object>, List<BigInteger>> rows = new HashMap<>();
        for (Row row : batch) {
            NamedView owner = VIEW_ROWS.viewOf(row).orElseThrow();
            if (!owner.name().equals(view)) {
                continue;
            }
            SpeedViewRow viewRow = VIEW_ROWS.toViewRow(owner, row);
            List<Object> key = new ArrayList<>();
            key.add(viewRow.ingestBucket());
            key.addAll(viewRow.dimensions());
            assertThat(rows.put(key, viewRow.measures())).as("one row per group and batch").isNull();
        }
        return rows;
    }

    private static List<Object> key(Instant bucket, String hour, String location) {
        // the test's own floor: the epoch-aligned bucket that holds the time
        long seconds = bucket.getEpochSecond();
        Instant floored = Instant.ofEpochSecond(seconds - Math.floorMod(seconds, BUCKET.toSeconds()));
        return List.of(floored, Instant.parse(hour), location);
    }

    private static Instant instant(Object timestamp) {
        if (timestamp instanceof Timestamp sql) {
            return sql.toInstant();
        }
        return ((Instant) timestamp).truncatedTo(ChronoUnit.MICROS);
    }

    private static Tuple2<byte[], Timestamp> record(byte[] value, Instant ingestTime) {
        return new Tuple2<>(value, Timestamp.from(ingestTime));
    }

    private static byte[] event(String id, String createdAt, String location, long followers, long favorites, long retweets) {
        return event(id, createdAt, location, followers, favorites, retweets, null);
    }

    private static byte[] event(String id, String createdAt, String location, long followers, long favorites, long retweets,
            String lang) {
        String user = location == null
                ? String.format("{\"followers_count\":%d}", followers)
                : String.format("{\"followers_count\":%d,\"location\":\"%s\"}", followers, location);
        String langField = lang == null ? "" : ",\"lang\":\"" + lang + "\"";
        return String.format("{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\",\"user\":%s,\"favorite_count\":%d,\"retweet_count\":%d%s}",
                id, createdAt, user, favorites, retweets, langField).getBytes(StandardCharsets.UTF_8);
    }
}
