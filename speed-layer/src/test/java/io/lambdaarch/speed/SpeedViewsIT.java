package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.ViewsWorkload.Event;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.testing.SpeedTables;
import io.lambdaarch.speed.testing.SpeedWorkload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every declared view through the built jar (SparkSubmit in a child JVM) against the embedded Kafka and PostgreSQL:
 * the shipped views (view, lang_day) and a view the user declares in the views file, aggregated by one streaming
 * query. Each speed table is compared with a truth the test computes from the records it sent (each id once, in the
 * ingest bucket of its first copy). The tests share one topic, checkpoint and database and run in order.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpeedViewsIT {
    private static final Duration BUCKET = Duration.ofSeconds(5);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

    /** A view of the user's: a dimension combination no shipped view has, with measures in its own order. */
    private static final String USER_VIEW = """
            {
              "name": "lang_location_hour",
              "dimensions": [
                {"name": "event_hour", "source": "created_at", "grain": "hour"},
                {"name": "location", "source": "location"},
                {"name": "lang", "source": "lang"}
              ],
              "measures": [
                {"name": "favorites_sum", "aggregation": "sum", "source": "favorite_count"},
                {"name": "tweet_count", "aggregation": "count"}
              ]
            }""";
    /** Added to the file before the last run: it starts where the checkpoint is. */
    private static final String ADDED_VIEW = """
            {
              "name": "location_day",
              "dimensions": [
                {"name": "event_day", "source": "created_at", "grain": "day"},
                {"name": "location", "source": "location"}
              ],
              "measures": [
                {"name": "retweets_sum", "aggregation": "sum", "source": "retweet_count"},
                {"name": "tweet_count", "aggregation": "count"}
              ]
            }""";
    /** The user's view redefined: lang dropped, so its speed table has other columns. */
    private static final String REDEFINED_USER_VIEW = """
            {
              "name": "lang_location_hour",
              "dimensions": [
                {"name": "event_hour", "source": "created_at", "grain": "hour"},
                {"name": "location", "source": "location"}
              ],
              "measures": [
                {"name": "favorites_sum", "aggregation": "sum", "source": "favorite_count"},
                {"name": "tweet_count", "aggregation": "count"}
              ]
            }""";
    private static final String SHIPPED_VIEWS = """
            {
              "name": "view",
              "dimensions": [
                {"name": "event_hour", "source": "created_at", "grain": "hour"},
                {"name": "location", "source": "location"}
              ],
              "measures": [
                {"name": "tweet_count", "aggregation": "count"},
                {"name": "followers_sum", "aggregation": "sum", "source": "followers_count"},
                {"name": "favorites_sum", "aggregation": "sum", "source": "favorite_count"},
                {"name": "retweets_sum", "aggregation": "sum", "source": "retweet_count"}
              ],
              "rollups": ["day"]
            },
            {
              "name": "lang_day",
              "dimensions": [
                {"name": "event_day", "source": "created_at", "grain": "day"},
                {"name": "lang", "source": "lang"}
              ],
              "measures": [
                {"name": "tweet_count", "aggregation": "count"},
                {"name": "retweets_sum", "aggregation": "sum", "source": "retweet_count"}
              ]
            }""";

    /** The test's own definition of each view: its key and measures per event, in the table's column order. */
    private record Truth(Function<Event, List<Object>> key, Function<Event, long[]> measures) {
    }

    private static final Map<String, Truth> TRUTHS = Map.of(
            "view", new Truth(e -> List.of(hour(e), e.location()),
                    e -> new long[] {1, e.followers(), e.favorites(), e.retweets()}),
            "lang_day", new Truth(e -> List.of(day(e), e.expectedLang()), e -> new long[] {1, e.retweets()}),
            "lang_location_hour", new Truth(e -> List.of(hour(e), e.location(), e.expectedLang()),
                    e -> new long[] {e.favorites(), 1}),
            "location_day", new Truth(e -> List.of(day(e), e.location()), e -> new long[] {e.retweets(), 1}),
            "redefined", new Truth(e -> List.of(hour(e), e.location()), e -> new long[] {e.favorites(), 1}));
    private static final Map<String, Integer> DIMENSIONS = Map.of("view", 2, "lang_day", 2, "lang_location_hour", 3,
            "location_day", 2);

    @TempDir
    static Path workDir;
    private static StackSandbox sandbox;
    private static KafkaProducer<String, byte[]> producer;
    private static final ViewsWorkload workload = new ViewsWorkload(16, BUCKET);
    private static long newestValidIngestMillis;
    private static Instant locationDayCompleteFrom;

    @BeforeAll
    static void setUp(LocalStack stack) throws Exception {
        sandbox = stack.sandbox("speed_views");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
        writeViewsFile(SHIPPED_VIEWS + ",\n" + USER_VIEW);
    }

    @AfterAll
    static void tearDown() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void shouldWriteEveryDeclaredViewFromOneQuery() throws Exception {
        Instant now = Instant.now();
        sendPoison(now);
        send(workload.newEvents(300, now));
        send(workload.sentEvents().subList(0, 40));
        send(workload.newEvents(100, now));

        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-1", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
            assertThat(job.stdout()).as(job.output())
                    .contains(workload.recordsSent() + " records (" + workload.poisonRecords() + " invalid)");
        }

        for (String view : List.of("view", "lang_day", "lang_location_hour")) {
            assertThat(speedTable(view)).as("speed table of %s", view).isEqualTo(truth(view, bucket -> true));
        }
        assertThat(speedTable("view")).as("the default view keeps its table").isNotEmpty();
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
        assertThat(completeFrom()).as("every view declared from the checkpoint's start misses nothing")
                .isEqualTo(Map.of("view", "-", "lang_day", "-", "lang_location_hour", "-"));
    }

    @Test
    @Order(2)
    void shouldApplyAReplayedBatchOnceForEveryView() throws Exception {
        // The driver dies right after the warehouse commit of its last batch, before Spark records it as done.
        long lastBatch = SpeedTables.latestBatchId(sandbox);
        LocalDateTime lastCommittedAt = SpeedTables.committedAt(sandbox, lastBatch);
        Path commitLog = workDir.resolve("checkpoint").resolve("commits");
        Files.delete(commitLog.resolve(Long.toString(lastBatch)));
        Files.deleteIfExists(commitLog.resolve("." + lastBatch + ".crc"));

        Instant now = Instant.now();
        send(workload.newEvents(300, now));
        send(workload.sentEvents().subList(0, 30));

        Map<String, String> smallBatches = Map.of(
                SpeedLayerConfig.TRIGGER_INTERVAL.name(), "1s",
                SpeedLayerConfig.MAX_OFFSETS_PER_TRIGGER.name(), "40");
        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "stream", settings(smallBatches))) {
            // Killed in the middle of the backlog, two batches after the replay.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !job.isAlive() || SpeedTables.latestBatchId(sandbox) >= lastBatch + 2);
            assertThat(job.isAlive()).as("the job must still be running: " + job.output()).isTrue();
            job.kill();
            assertThat(job.output()).contains("Batch " + lastBatch + " was already committed");
        }
        assertThat(SpeedTables.committedAt(sandbox, lastBatch)).as("the replayed batch is not applied again").isEqualTo(lastCommittedAt);
        assertThat(SpeedTables.commitTotals(sandbox).get(0)).as("killed before the backlog was read").isLessThan(workload.recordsSent());

        send(workload.newEvents(50, Instant.now()));
        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-2", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
        }

        for (String view : List.of("view", "lang_day", "lang_location_hour")) {
            assertThat(speedTable(view)).as("speed table of %s", view).isEqualTo(truth(view, bucket -> true));
        }
        // Every record counted once: no batch applied twice, none lost.
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
    }

    @Test
    @Order(3)
    void shouldStartAViewAddedToTheFileWhereTheCheckpointIs() throws Exception {
        writeViewsFile(SHIPPED_VIEWS + ",\n" + USER_VIEW + ",\n" + ADDED_VIEW);
        // Everything read so far was ingested at or before this: the added view lacks it.
        Instant completeFrom = workload.bucketOf(Instant.ofEpochMilli(newestValidIngestMillis)).plus(BUCKET);
        // Repeats of this run's own events: an id's deduplication state lasts only the watermark delay.
        List<Event> fresh = workload.newEvents(200, Instant.now());
        send(fresh);
        send(fresh.subList(0, 20));

        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-3", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
            assertThat(job.output()).contains("View location_day (new in the views file) starts in batch")
                    .contains("speed_location_day holds ingest buckets in full from " + completeFrom);
        }

        assertThat(completeFrom()).isEqualTo(Map.of("view", "-", "lang_day", "-", "lang_location_hour", "-",
                "location_day", completeFrom.toString()));
        for (String view : List.of("view", "lang_day", "lang_location_hour")) {
            assertThat(speedTable(view)).as("speed table of %s", view).isEqualTo(truth(view, bucket -> true));
        }
        Predicate<Instant> whole = bucket -> !bucket.isBefore(completeFrom);
        assertThat(truth("location_day", whole)).as("the test sent records after the added view started").isNotEmpty();
        assertThat(rowsFrom(speedTable("location_day"), whole)).isEqualTo(truth("location_day", whole));
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
        locationDayCompleteFrom = completeFrom;
    }

    @Test
    @Order(4)
    void shouldRebuildARedefinedViewsSpeedTableWithoutItsOldRows() throws Exception {
        writeViewsFile(SHIPPED_VIEWS + ",\n" + REDEFINED_USER_VIEW + ",\n" + ADDED_VIEW);
        Instant before = Instant.ofEpochMilli(newestValidIngestMillis);
        Instant completeFrom = workload.bucketOf(before).plus(BUCKET);
        List<Event> fresh = workload.newEvents(150, Instant.now());
        send(fresh);
        send(fresh.subList(0, 10));

        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-4", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
            assertThat(job.output()).contains("View lang_location_hour was redefined with other columns")
                    .contains("View lang_location_hour (its definition changed) starts in batch");
        }

        assertThat(completeFrom()).isEqualTo(Map.of("view", "-", "lang_day", "-",
                "lang_location_hour", completeFrom.toString(), "location_day", locationDayCompleteFrom.toString()));
        Map<List<Object>, List<Long>> redefined = speedTable("lang_location_hour", 2);
        assertThat(redefined.keySet()).as("no row of the old definition (or of its time) is left")
                .allSatisfy(key -> assertThat((Instant) key.get(0)).isAfterOrEqualTo(workload.bucketOf(before)));
        Predicate<Instant> whole = bucket -> !bucket.isBefore(completeFrom);
        assertThat(truth("redefined", whole)).isNotEmpty();
        assertThat(rowsFrom(redefined, whole)).isEqualTo(truth("redefined", whole));
        for (String view : List.of("view", "lang_day")) {
            assertThat(speedTable(view)).as("speed table of %s", view).isEqualTo(truth(view, bucket -> true));
        }
        Predicate<Instant> locationDayWhole = bucket -> !bucket.isBefore(locationDayCompleteFrom);
        assertThat(rowsFrom(speedTable("location_day"), locationDayWhole)).isEqualTo(truth("location_day", locationDayWhole));
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
    }

    private static Map<List<Object>, List<Long>> truth(String view, Predicate<Instant> buckets) {
        Truth truth = TRUTHS.get(view);
        return workload.truth(truth.key(), truth.measures(), buckets);
    }

    private static Map<List<Object>, List<Long>> rowsFrom(Map<List<Object>, List<Long>> rows, Predicate<Instant> buckets) {
        Map<List<Object>, List<Long>> kept = new HashMap<>();
        rows.forEach((key, measures) -> {
            if (buckets.test((Instant) key.get(0))) {
                kept.put(key, measures);
            }
        });
        return kept;
    }

    private static Instant hour(Event event) {
        return event.createdAt().truncatedTo(ChronoUnit.HOURS);
    }

    private static Instant day(Event event) {
        return event.createdAt().truncatedTo(ChronoUnit.DAYS);
    }

    private static void writeViewsFile(String views) throws Exception {
        Files.writeString(workDir.resolve("views.json"), "{\n  \"views\": [\n" + views + "\n  ]\n}\n", StandardCharsets.UTF_8);
    }

    private static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(sandbox.settings());
        settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        settings.put("LAMBDA_VIEWS_FILE", workDir.resolve("views.json").toString());
        settings.put(SpeedLayerConfig.LEASE_TIMEOUT.name(), "6s");
        settings.put(SpeedLayerConfig.CHECKPOINT.name(), workDir.resolve("checkpoint").toString());
        settings.putAll(extra);
        return settings;
    }

    private static void send(List<Event> events) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Event event : events) {
            sent.add(producer.send(new ProducerRecord<>(sandbox.topic(), event.id(), event.json())));
        }
        for (int i = 0; i < events.size(); i++) {
            // LogAppendTime: the metadata carries the broker's timestamp, the record's ingest time.
            long ingestMillis = sent.get(i).get().timestamp();
            workload.sent(events.get(i), ingestMillis);
            newestValidIngestMillis = Math.max(newestValidIngestMillis, ingestMillis);
        }
    }

    private static void sendPoison(Instant now) throws InterruptedException, ExecutionException {
        for (byte[] value : SpeedWorkload.poison(now)) {
            producer.send(new ProducerRecord<>(sandbox.topic(), null, value)).get();
            workload.sentPoison();
        }
    }

    /** speed_{@code view} as (ingest bucket, dimensions...) -> measures. */
    private static Map<List<Object>, List<Long>> speedTable(String view) throws SQLException {
        return speedTable(view, DIMENSIONS.get(view));
    }

    /** speed_{@code view}, which has {@code dimensions} dimension columns, as (ingest bucket, dimensions...) -> measures. */
    private static Map<List<Object>, List<Long>> speedTable(String view, int dimensions) throws SQLException {
        Map<List<Object>, List<Long>> rows = new HashMap<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM speed_" + view)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                List<Object> key = new ArrayList<>();
                for (int column = 1; column <= 1 + dimensions; column++) {
                    key.add(meta.getColumnType(column) == Types.TIMESTAMP
                            ? rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC)
                            : rs.getString(column));
                }
                List<Long> measures = new ArrayList<>();
                for (int column = 2 + dimensions; column <= meta.getColumnCount(); column++) {
                    measures.add(rs.getBigDecimal(column).longValueExact());
                }
                rows.put(key, measures);
            }
        }
        return rows;
    }

    /** speed_view_starts: view -> complete_from ("-" for NULL). */
    private static Map<String, String> completeFrom() throws SQLException {
        Map<String, String> starts = new LinkedHashMap<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT view_name, complete_from FROM speed_view_starts")) {
            while (rs.next()) {
                LocalDateTime from = rs.getObject(2, LocalDateTime.class);
                starts.put(rs.getString(1), from == null ? "-" : from.toInstant(ZoneOffset.UTC).toString());
            }
        }
        return starts;
    }
}
