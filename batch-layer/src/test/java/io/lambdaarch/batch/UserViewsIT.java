package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Views declared in a file, built by batch runs on the embedded stack: a user view with a dimension the shipped view
 * lacks ({@code lang_hour}: event hour x lang, rolled up to days) and the shipped {@code lang_day}, after a full run,
 * incremental runs (repeats across runs with another lang, events without one) and a full recompute, each equal to a
 * truth computed here from what was sent (the first copy of each id by the rule of docs/design.md#duplicates), never
 * from the warehouse, and again after {@code replay-archive} (lang from the archive lines, not from raw_batch). Then the file changes: the changed view is rebuilt with its new columns and is {@code building}
 * until a cutoff reaches the change, the removed view leaves the ledger and nothing else; an invalid file stops a run
 * with exit code 2 and one line.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserViewsIT {
    private static final String[] LANGS = {"en", "pt-BR", "ja", null, ""};
    private static final int PARTITIONS = 3;
    private static final List<Sent> sent = new ArrayList<>();
    private static final Random random = new Random(16);
    private static final String DEFAULT_VIEW = """
            {"name": "view", "dimensions": [{"name": "event_hour", "source": "created_at", "grain": "hour"},
              {"name": "location", "source": "location"}],
             "measures": [{"name": "tweet_count", "aggregation": "count"},
              {"name": "followers_sum", "aggregation": "sum", "source": "followers_count"},
              {"name": "favorites_sum", "aggregation": "sum", "source": "favorite_count"},
              {"name": "retweets_sum", "aggregation": "sum", "source": "retweet_count"}],
             "rollups": ["day"]}""";
    private static final String LANG_DAY = """
            {"name": "lang_day", "dimensions": [{"name": "event_day", "source": "created_at", "grain": "day"},
              {"name": "lang", "source": "lang"}],
             "measures": [{"name": "tweet_count", "aggregation": "count"},
              {"name": "retweets_sum", "aggregation": "sum", "source": "retweet_count"}]}""";
    private static final String LANG_HOUR = """
            {"name": "lang_hour", "dimensions": [{"name": "event_hour", "source": "created_at", "grain": "hour"},
              {"name": "lang", "source": "lang"}],
             "measures": [{"name": "tweet_count", "aggregation": "count"},
              {"name": "followers_sum", "aggregation": "sum", "source": "followers_count"}],
             "rollups": ["day"]}""";
    private static final String LANG_HOUR_CHANGED = """
            {"name": "lang_hour", "dimensions": [{"name": "event_hour", "source": "created_at", "grain": "hour"},
              {"name": "lang", "source": "lang"}],
             "measures": [{"name": "retweets", "aggregation": "sum", "source": "retweet_count"}]}""";
    private static StackSandbox sandbox;
    private static Path viewsFile;
    private static ConfigSource settings;
    private static long nextId = 9_000_000_000L;

    /** One valid record as sent and stored. */
    private record Sent(String id, Instant createdAt, String lang, long followers, long retweets, int partition, long offset,
            Instant ingestTime) {
    }

    /** A record to send; {@code partition} null: by key. */
    private record Event(String id, Instant createdAt, String lang, long followers, long retweets, Integer partition) {
        Event otherContent() {
            return new Event(id, createdAt.minus(1, ChronoUnit.DAYS), "fr", followers + 3, retweets + 3,
                    random.nextInt(PARTITIONS));
        }
    }

    @BeforeAll
    static void setUp(LocalStack stack) throws IOException {
        sandbox = stack.sandbox("user_views_it");
        viewsFile = Files.createTempFile("views", ".json");
        writeViews(DEFAULT_VIEW, LANG_DAY, LANG_HOUR);
        settings = sandbox.configSource(Map.of(
                "LAMBDA_INGEST_BUCKET", "1s",
                "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                "LAMBDA_BATCH_FULL_RECOMPUTE_EVERY", "365d",
                "LAMBDA_VIEWS_FILE", viewsFile.toString()));
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(viewsFile);
    }

    @Test
    @Order(1)
    void shouldBuildEveryDeclaredViewInTheFirstRun() throws Exception {
        List<Event> events = newEvents(300);
        List<Event> batch = new ArrayList<>(events);
        events.stream().limit(30).forEach(e -> batch.add(new Event(e.id(), e.createdAt(), e.lang(), e.followers(),
                e.retweets(), random.nextInt(PARTITIONS))));
        send(batch);
        settle();

        runAndCheck("full");
        assertThat(states()).containsEntry("view", "complete").containsEntry("lang_day", "complete")
                .containsEntry("lang_hour", "complete");
    }

    @Test
    @Order(2)
    void shouldAddRepeatsWithAnotherLangOnceInIncrementalRuns() throws Exception {
        List<Event> batch = new ArrayList<>(newEvents(200));
        sent.stream().limit(40).forEach(s -> batch.add(new Event(s.id(), s.createdAt(), s.lang(), s.followers(), s.retweets(),
                s.partition()).otherContent()));
        send(batch);
        settle();

        runAndCheck("incremental");

        BatchCli.Result full = BatchCli.run(settings, "recompute", "--full");
        assertThat(full.exitCode()).as(full.toString()).isZero();
        checkViews();

        // raw_batch rebuilt from the archive alone: every view again, lang read from the archive lines.
        TestWarehouse.execute(sandbox, "UPDATE raw_batch SET lang = NULL");
        TestWarehouse.execute(sandbox, "UPDATE first_copies SET lang = NULL");
        BatchCli.Result replay = BatchCli.run(settings, "replay-archive");
        assertThat(replay.exitCode()).as(replay.toString()).isZero();
        checkViews();
    }

    @Test
    @Order(3)
    void shouldRebuildAChangedViewWithItsNewColumnsAndForgetARemovedOne() throws Exception {
        String before = fingerprint("lang_hour");
        writeViews(DEFAULT_VIEW, LANG_HOUR_CHANGED);
        send(newEvents(100));
        settle();

        BatchCli.Result result = BatchCli.run(settings, "run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(latestMode()).isEqualTo("incremental");
        assertThat(fingerprint("lang_hour")).isNotEqualTo(before);
        assertThat(states()).containsOnlyKeys("view", "lang_hour").containsEntry("lang_hour", "building");
        Instant cutoff = latestCutoff();
        assertThat(rows("SELECT event_hour, lang, retweets FROM batch_lang_hour"))
                .isEqualTo(truth(cutoff, s -> List.of(hour(s), lang(s)), s -> List.of(s.retweets())));
        assertThat(TestWarehouse.count(sandbox, "batch_lang_day")).as("a removed view's table stays").isPositive();

        // The next run's cutoff passes the change: what the speed layer did not see, batch now covers.
        settle();
        BatchCli.Result next = BatchCli.run(settings, "run");
        assertThat(next.exitCode()).as(next.toString()).isZero();
        assertThat(states()).containsEntry("lang_hour", "complete");
    }

    @Test
    @Order(4)
    void shouldStopARunOnAnInvalidFileWithOneLineNamingFileViewAndField() throws Exception {
        writeViews(DEFAULT_VIEW, LANG_DAY.replace("\"aggregation\": \"sum\"", "\"aggregation\": \"avg\""));

        BatchCli.Result result = BatchCli.run(settings, "run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("ERROR: views file " + viewsFile + ": view \"lang_day\": measure \"retweets_sum\":"
                + " aggregation \"avg\" is not supported (count, sum)");
    }

    private static void runAndCheck(String expectedMode) {
        BatchCli.Result result = BatchCli.run(settings, "run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(latestMode()).as(result.out()).isEqualTo(expectedMode);
        checkViews();
    }

    private static void checkViews() {
        Instant cutoff = latestCutoff();
        assertThat(rows("SELECT event_day, lang, tweet_count, retweets_sum FROM batch_lang_day")).as("lang_day, cutoff %s", cutoff)
                .isEqualTo(truth(cutoff, s -> List.of(day(s), lang(s)), s -> List.of(1L, s.retweets())));
        Map<List<Object>, List<Long>> hours = truth(cutoff, s -> List.of(hour(s), lang(s)), s -> List.of(1L, s.followers()));
        assertThat(rows("SELECT event_hour, lang, tweet_count, followers_sum FROM batch_lang_hour")).as("lang_hour")
                .isEqualTo(hours);
        assertThat(rows("SELECT event_day, lang, tweet_count, followers_sum FROM batch_lang_hour_day")).as("its day rollup")
                .isEqualTo(truth(cutoff, s -> List.of(day(s), lang(s)), s -> List.of(1L, s.followers())));
        assertThat(hours.keySet()).as("the workload has events without a lang").anyMatch(k -> k.get(1).equals("und"));
    }

    /** The view of the first copies ingested before {@code cutoff}, from what was sent. */
    private static Map<List<Object>, List<Long>> truth(Instant cutoff, Function<Sent, List<Object>> key,
            Function<Sent, List<Long>> measures) {
        Map<String, Sent> first = new HashMap<>();
        Comparator<Sent> order = Comparator.comparing(Sent::ingestTime).thenComparingInt(Sent::partition)
                .thenComparingLong(Sent::offset);
        sent.forEach(s -> first.merge(s.id(), s, (a, b) -> order.compare(a, b) <= 0 ? a : b));
        Map<List<Object>, List<Long>> view = new HashMap<>();
        first.values().stream().filter(s -> s.ingestTime().isBefore(cutoff)).forEach(s -> view.merge(key.apply(s),
                measures.apply(s), (a, b) -> {
                    List<Long> sum = new ArrayList<>();
                    for (int i = 0; i < a.size(); i++) {
                        sum.add(a.get(i) + b.get(i));
                    }
                    return List.copyOf(sum);
                }));
        return view;
    }

    private static Instant hour(Sent s) {
        return s.createdAt().truncatedTo(ChronoUnit.HOURS);
    }

    private static Instant day(Sent s) {
        return s.createdAt().truncatedTo(ChronoUnit.DAYS);
    }

    private static String lang(Sent s) {
        return s.lang() == null ? "und" : s.lang();
    }

    /** Rows of a query whose first column is a timestamp, the second text, the rest numbers. */
    private static Map<List<Object>, List<Long>> rows(String sql) {
        Map<List<Object>, List<Long>> rows = new HashMap<>();
        TestWarehouse.query(sandbox, sql, result -> {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Long> measures = new ArrayList<>();
                for (int i = 3; i <= columns; i++) {
                    measures.add(result.getLong(i));
                }
                List<Object> key = List.of(result.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC),
                        result.getString(2));
                assertThat(rows.put(key, measures)).as("one row per key: %s", key).isNull();
            }
        });
        return rows;
    }

    private static Map<String, String> states() {
        Map<String, String> states = new HashMap<>();
        TestWarehouse.query(sandbox, "SELECT name, state FROM view_definitions", rows -> {
            while (rows.next()) {
                states.put(rows.getString(1), rows.getString(2));
            }
        });
        return states;
    }

    private static String fingerprint(String view) {
        List<String> fingerprint = new ArrayList<>();
        TestWarehouse.query(sandbox, "SELECT fingerprint FROM view_definitions WHERE name = '" + view + "'", rows -> {
            rows.next();
            fingerprint.add(rows.getString(1));
        });
        return fingerprint.get(0);
    }

    private static void writeViews(String... views) throws IOException {
        Files.writeString(viewsFile, "{\"views\": [" + String.join(",\n", views) + "]}");
    }

    private static List<Event> newEvents(int count) {
        List<Event> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            Instant createdAt = now.minus(random.nextInt(3 * 24 * 3600), ChronoUnit.SECONDS);
            events.add(new Event(Long.toString(nextId++), createdAt, LANGS[random.nextInt(LANGS.length)],
                    random.nextInt(100_000), random.nextInt(20), null));
        }
        return events;
    }

    private static void send(List<Event> events) throws InterruptedException, ExecutionException {
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(sandbox)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Event e : events) {
                acks.add(producer.send(new ProducerRecord<>(sandbox.topic(), e.partition(),
                        e.id().getBytes(StandardCharsets.UTF_8), json(e).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                RecordMetadata stored = acks.get(i).get();
                sent.add(new Sent(e.id(), e.createdAt(), e.lang(), e.followers(), e.retweets(), stored.partition(),
                        stored.offset(), Instant.ofEpochMilli(stored.timestamp())));
            }
        }
    }

    private static String json(Event e) {
        return "{\"v\":1,\"id\":\"" + e.id() + "\",\"created_at\":\"" + e.createdAt() + "\",\"user\":{\"id\":\"u1\","
                + "\"followers_count\":" + e.followers() + ",\"location\":\"Oslo\"},\"favorite_count\":1,\"retweet_count\":"
                + e.retweets() + (e.lang() == null ? "" : ",\"lang\":\"" + e.lang() + "\"") + ",\"text\":\"t\"}";
    }

    /** Waits until a 1 s bucket with no margin puts everything sent so far before the next cutoff. */
    private static void settle() throws InterruptedException {
        Thread.sleep(1200);
    }

    private static Instant latestCutoff() {
        return TestWarehouse.latestCutoff(sandbox).orElseThrow();
    }

    private static String latestMode() {
        List<String> mode = new ArrayList<>();
        TestWarehouse.query(sandbox, "SELECT mode FROM batch_runs ORDER BY finished_at DESC LIMIT 1", rows -> {
            rows.next();
            mode.add(rows.getString(1));
        });
        return mode.get(0);
    }
}
