package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload.ViewKey;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.nio.charset.StandardCharsets;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Incremental batch runs against a hostile workload: events late by days, repeats inside one run, repeats across runs
 * (with other content, landed runs later) and repeats straddling the cutoff (the first copy folded by one run, the
 * repeat landed in the same run but after its cutoff). After every run, batch_view must equal the truth for that run's
 * cutoff, computed here from what was sent (each record's partition, offset and the broker's LogAppendTime, the first
 * copy picked by the rule of docs/design.md#duplicates) and never from the warehouse; and a full recompute must leave
 * it unchanged.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalRunIT {
    private static final String[] LOCATIONS = {"Berlin, Germany", "São Paulo, Brasil", "東京 都", "Oslo", "a \"quoted\", place"};
    private static final int PARTITIONS = 3;
    private static final List<Sent> sent = new ArrayList<>();
    private static final Random random = new Random(14);
    private static StackSandbox sandbox;
    private static ConfigSource settings;
    private static long nextId = 7_000_000_000L;

    /** One valid record as sent and stored: what it counts for and where Kafka put it. */
    private record Sent(String id, ViewKey key, List<Long> measures, int partition, long offset, Instant ingestTime) {
    }

    /** A record to send: its id and content, and the partition (null: by key). */
    private record Event(String id, Instant createdAt, String location, long followers, long favorites, long retweets,
            Integer partition) {
        Event repeatedOn(int otherPartition) {
            return new Event(id, createdAt, location, followers, favorites, retweets, otherPartition);
        }

        Event otherContent() {
            return new Event(id, createdAt.minus(2, ChronoUnit.DAYS), "Somewhere Else", followers + 7, favorites + 7,
                    retweets + 7, random.nextInt(PARTITIONS));
        }
    }

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("incremental_run_it");
        settings = sandbox.configSource(Map.of(
                "LAMBDA_INGEST_BUCKET", "1s",
                "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                "LAMBDA_BATCH_FILE_MAX_RECORDS", "150",
                "LAMBDA_BATCH_FULL_RECOMPUTE_EVERY", "365d"));
    }

    @Test
    @Order(1)
    void shouldMatchTheTruthAfterTheFirstRunWithLateEventsAndRepeatsInsideIt() throws Exception {
        List<Event> events = newEvents(400);
        List<Event> batch = new ArrayList<>(events);
        // Repeats inside one run: the same event again on another partition, ingested later.
        events.stream().limit(40).forEach(e -> batch.add(e.repeatedOn(random.nextInt(PARTITIONS))));
        send(batch);
        sendMalformed(5);
        settle();

        runAndCheck("run", "full");
    }

    @Test
    @Order(2)
    void shouldCountNoRepeatLandedByALaterRun() throws Exception {
        List<Sent> earlier = List.copyOf(sent);
        List<Event> batch = new ArrayList<>(newEvents(300));
        // Repeats across runs: ids the first run already folded, with other content.
        earlier.stream().limit(60).forEach(s -> batch.add(event(s).otherContent()));
        send(batch);
        settle();

        runAndCheck("run", "incremental");
    }

    @Test
    @Order(3)
    void shouldCountARepeatStraddlingTheCutoffOnce() throws Exception {
        List<Event> events = newEvents(300);
        send(events);
        settle();
        // Sent right before the run: landed by it, but at or after its cutoff, so the next run folds them.
        List<Event> straddling = new ArrayList<>();
        events.stream().limit(50).forEach(e -> straddling.add(e.otherContent()));
        List<Event> fresh = newEvents(100);
        straddling.addAll(fresh);
        fresh.stream().limit(20).forEach(e -> straddling.add(e.repeatedOn(random.nextInt(PARTITIONS))));
        send(straddling);

        runAndCheck("run", "incremental");
        settle();
        runAndCheck("run", "incremental");
    }

    @Test
    @Order(4)
    void shouldAddNothingWhenNothingWasIngested() throws Exception {
        settle();
        runAndCheck("recompute", "incremental");
    }

    @Test
    @Order(5)
    void shouldRecomputeInFullWhenTheSettingSaysEveryRun() throws Exception {
        send(newEvents(50));
        settle();
        BatchCli.Result result = BatchCli.run(settings.withOverrides(Map.of("LAMBDA_BATCH_FULL_RECOMPUTE_EVERY", "0s"), "test"), "run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("full (the last full recompute finished");
        assertThat(latestMode()).isEqualTo("full");
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(truth(latestCutoff()));
    }

    /** Runs {@code command}, checks the run's mode and the view against the truth, then that a full recompute agrees. */
    private static void runAndCheck(String command, String expectedMode) {
        BatchCli.Result result = BatchCli.run(settings, command);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(latestMode()).as(result.out()).isEqualTo(expectedMode);
        Map<ViewKey, List<Long>> incremental = TestWarehouse.batchView(sandbox);
        assertThat(incremental).as("batch_view after an %s run, cutoff %s", expectedMode, latestCutoff())
                .isEqualTo(truth(latestCutoff()));

        // recompute lands nothing, so the full recompute has the same cutoff.
        Instant cutoff = latestCutoff();
        BatchCli.Result full = BatchCli.run(settings, "recompute", "--full");

        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(latestMode()).isEqualTo("full");
        assertThat(latestCutoff()).isEqualTo(cutoff);
        assertThat(TestWarehouse.batchView(sandbox)).as("a full recompute at the same cutoff").isEqualTo(incremental);
    }

    /** The view of the first copies ingested before {@code cutoff}, from what was sent. */
    private static Map<ViewKey, List<Long>> truth(Instant cutoff) {
        Map<String, Sent> first = new HashMap<>();
        Comparator<Sent> order = Comparator.comparing(Sent::ingestTime).thenComparingInt(Sent::partition)
                .thenComparingLong(Sent::offset);
        for (Sent s : sent) {
            first.merge(s.id(), s, (a, b) -> order.compare(a, b) <= 0 ? a : b);
        }
        Map<ViewKey, long[]> sums = new HashMap<>();
        first.values().stream().filter(s -> s.ingestTime().isBefore(cutoff)).forEach(s -> {
            long[] sum = sums.computeIfAbsent(s.key(), k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                sum[i] += s.measures().get(i);
            }
        });
        Map<ViewKey, List<Long>> view = new HashMap<>();
        sums.forEach((key, sum) -> view.put(key, List.of(sum[0], sum[1], sum[2], sum[3])));
        return view;
    }

    private static List<Event> newEvents(int count) {
        List<Event> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            // Late by up to ten days: created_at says nothing about which run folds an event.
            Instant createdAt = now.minus(random.nextInt(10 * 24 * 3600), ChronoUnit.SECONDS);
            events.add(new Event(Long.toString(nextId++), createdAt, LOCATIONS[random.nextInt(LOCATIONS.length)],
                    random.nextInt(100_000), random.nextInt(50), random.nextInt(20), null));
        }
        return events;
    }

    private static Event event(Sent s) {
        return new Event(s.id(), s.key().eventHour(), s.key().location(), s.measures().get(1), s.measures().get(2),
                s.measures().get(3), s.partition());
    }

    private static void send(List<Event> events) throws InterruptedException, ExecutionException {
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(sandbox)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Event e : events) {
                acks.add(producer.send(new ProducerRecord<>(sandbox.topic(), e.partition(), e.id().getBytes(StandardCharsets.UTF_8),
                        json(e).getBytes(StandardCharsets.UTF_8))));
            }
            producer.flush();
            for (int i = 0; i < events.size(); i++) {
                Event e = events.get(i);
                RecordMetadata stored = acks.get(i).get();
                // With LogAppendTime, the timestamp the broker acknowledges is the one it stored: the ingest time.
                sent.add(new Sent(e.id(), new ViewKey(e.createdAt().truncatedTo(ChronoUnit.HOURS), e.location()),
                        List.of(1L, e.followers(), e.favorites(), e.retweets()), stored.partition(), stored.offset(),
                        Instant.ofEpochMilli(stored.timestamp())));
            }
        }
    }

    private static void sendMalformed(int count) {
        List<io.lambdaarch.batch.testing.Workload.Message> bad = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bad.add(new io.lambdaarch.batch.testing.Workload.Message("bad-" + i,
                    ("{\"id\":\"x" + i + "\"}").getBytes(StandardCharsets.UTF_8), null, false));
        }
        TestKafka.send(sandbox, bad);
    }

    private static String json(Event e) {
        return "{\"v\":1,\"id\":\"" + e.id() + "\",\"created_at\":\"" + e.createdAt() + "\",\"user\":{\"id\":\"u1\",\"followers_count\":"
                + e.followers() + ",\"location\":\"" + e.location().replace("\"", "\\\"") + "\"},\"favorite_count\":"
                + e.favorites() + ",\"retweet_count\":" + e.retweets() + ",\"lang\":\"en\",\"text\":\"t\",\"source\":\"test\"}";
    }

    /** Waits until a 1 s bucket with no margin puts everything sent so far before the next cutoff. */
    private static void settle() throws InterruptedException {
        Thread.sleep(1200);
    }

    private static Instant latestCutoff() {
        List<Instant> cutoff = new ArrayList<>();
        TestWarehouse.query(sandbox, "SELECT cutoff FROM batch_runs ORDER BY finished_at DESC LIMIT 1", rows -> {
            rows.next();
            cutoff.add(rows.getObject(1, LocalDateTime.class).toInstant(ZoneOffset.UTC));
        });
        return cutoff.get(0);
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
