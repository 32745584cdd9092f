package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.testing.SpeedTables;
import io.lambdaarch.speed.testing.SpeedWorkload;
import io.lambdaarch.speed.testing.SpeedWorkload.Event;
import io.lambdaarch.speed.testing.SpeedWorkload.ViewKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
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
 * The speed layer as it is deployed: the built jar run through SparkSubmit in a child JVM, against the embedded
 * Kafka and PostgreSQL. The tests share one topic, checkpoint and database and run in order, each adding events and
 * checking speed_view against the truth the {@link SpeedWorkload} computes from everything sent so far.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpeedLayerSubmitIT {
    private static final Duration BUCKET = Duration.ofSeconds(5);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

    @TempDir
    static Path workDir;
    private static StackSandbox sandbox;
    private static KafkaProducer<String, byte[]> producer;
    private static final SpeedWorkload workload = new SpeedWorkload(5, BUCKET);

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("speed_submit");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void tearDown() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    @Order(1)
    void shouldCountExactlyTheValidEventsWhenRunOnceThroughSparkSubmit() throws Exception {
        // The stack installed the schema, serving_view with it; dropped, so this run must install it again itself.
        assertThat(servingViewExists()).as("serving_view after the stack installed the schema").isTrue();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP VIEW serving_view");
        }
        Instant now = Instant.now();
        sendPoison(now);
        send(workload.newEvents(150, now));
        send(List.of(workload.hugeLocationEvent(now)));
        send(workload.sentEvents().subList(0, 20));
        send(workload.newEvents(150, now));

        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-1", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
            assertThat(job.stdout()).as(job.output())
                    .contains(workload.recordsSent() + " records (" + workload.poisonRecords() + " invalid)");
        }

        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
        // What a user with psql sees, no serving layer ever started: no recompute yet, so every speed row counts.
        assertThat(servingView()).isEqualTo(byHourAndLocation(workload.truth()));
    }

    @Test
    @Order(2)
    void shouldApplyEveryBatchOnceAcrossALostSparkCommitAndAKill() throws Exception {
        // The driver dies right after the warehouse commit of its last batch, before Spark records it as done.
        long lastBatch = SpeedTables.latestBatchId(sandbox);
        LocalDateTime lastCommittedAt = SpeedTables.committedAt(sandbox, lastBatch);
        Path commitLog = workDir.resolve("checkpoint").resolve("commits");
        assertThat(commitLog.resolve(Long.toString(lastBatch))).exists();
        Files.delete(commitLog.resolve(Long.toString(lastBatch)));
        Files.deleteIfExists(commitLog.resolve("." + lastBatch + ".crc"));

        Instant now = Instant.now();
        sendPoison(now);
        send(workload.newEvents(400, now));
        send(workload.sentEvents().subList(0, 30));

        Map<String, String> smallBatches = Map.of(
                SpeedLayerConfig.TRIGGER_INTERVAL.name(), "1s",
                SpeedLayerConfig.MAX_OFFSETS_PER_TRIGGER.name(), "40");
        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "stream", settings(smallBatches))) {
            // Kill once the job has committed past the poison records, in the middle of the backlog.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !job.isAlive() || committedPastPoison(lastBatch));
            assertThat(job.isAlive()).as("the job must still be running: " + job.output()).isTrue();
            job.kill();
            assertThat(job.output()).contains("Batch " + lastBatch + " was already committed");
        }
        assertThat(SpeedTables.committedAt(sandbox, lastBatch)).as("the replayed batch is not applied again").isEqualTo(lastCommittedAt);
        assertThat(SpeedTables.commitTotals(sandbox).get(0)).as("killed before the backlog was read").isLessThan(workload.recordsSent());

        send(workload.newEvents(100, Instant.now()));
        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-2", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
        }

        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
        // Every record counted once in speed_commits too: no batch applied twice, none lost.
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
    }

    @Test
    @Order(3)
    void shouldRefuseASecondJobWhileTheFirstHoldsTheLease() throws Exception {
        Map<String, String> streaming = Map.of(SpeedLayerConfig.TRIGGER_INTERVAL.name(), "1s");
        try (SparkSubmitProcess first = SparkSubmitProcess.start(workDir, "holder", settings(streaming))) {
            long before = SpeedTables.latestBatchId(sandbox);
            send(workload.newEvents(50, Instant.now()));
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !first.isAlive() || SpeedTables.latestBatchId(sandbox) > before);
            assertThat(first.isAlive()).as(first.output()).isTrue();

            // The same checkpoint: refused once the holder's heartbeat shows it is alive.
            try (SparkSubmitProcess second = SparkSubmitProcess.start(workDir, "second", settings(Map.of()), "--once")) {
                assertThat(second.waitFor(JOB_TIMEOUT)).as(second.output()).isEqualTo(1);
                assertThat(second.output()).contains("ERROR: Another speed job holds the lease on speed_view: held by pid")
                        .contains("checkpoint " + workDir.resolve("checkpoint"));
            }
            // Another checkpoint: refused at once, naming the checkpoint speed_view belongs to and the flag.
            Map<String, String> other = Map.of(SpeedLayerConfig.CHECKPOINT.name(), workDir.resolve("other").toString());
            try (SparkSubmitProcess third = SparkSubmitProcess.start(workDir, "third", settings(other), "--once")) {
                assertThat(third.waitFor(JOB_TIMEOUT)).as(third.output()).isEqualTo(1);
                assertThat(third.output()).contains("ERROR: speed_view holds the micro-batches of checkpoint "
                        + workDir.resolve("checkpoint")).contains("--replace-checkpoint");
            }
            assertThat(first.isAlive()).as("the holder runs on: " + first.output()).isTrue();
        }

        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "once-3", settings(Map.of()), "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
        }
        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
    }

    private static Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(sandbox.settings());
        settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        // A killed driver's lease expires soon, so the restarts below do not wait half a minute each.
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
            workload.sent(events.get(i), sent.get(i).get().timestamp());
        }
    }

    private static void sendPoison(Instant now) throws InterruptedException, ExecutionException {
        for (byte[] value : SpeedWorkload.poison(now)) {
            producer.send(new ProducerRecord<>(sandbox.topic(), null, value)).get();
            workload.sentPoison();
        }
    }

    private static boolean servingViewExists() throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_views WHERE viewname = 'serving_view'"
                        + " AND schemaname = current_schema()")) {
            return rs.next();
        }
    }

    /** serving_view as any SQL client reads it, by (event_hour, location). */
    private static Map<List<Object>, List<Long>> servingView() throws SQLException {
        Map<List<Object>, List<Long>> view = new HashMap<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT event_hour, location, tweet_count, followers_sum,"
                        + " favorites_sum, retweets_sum FROM serving_view")) {
            while (rs.next()) {
                view.put(List.of(SpeedTables.instant(rs, 1), rs.getString(2)),
                        List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
            }
        }
        return view;
    }

    /** {@code truth} summed over its ingest buckets. */
    private static Map<List<Object>, List<Long>> byHourAndLocation(Map<ViewKey, List<Long>> truth) {
        Map<List<Object>, List<Long>> sums = new HashMap<>();
        truth.forEach((key, measures) -> sums.merge(List.of(key.eventHour(), key.location()), measures,
                (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2), a.get(3) + b.get(3))));
        return sums;
    }

    /** True once a batch after {@code afterBatch} skipped invalid records and at least one more batch followed it. */
    private static boolean committedPastPoison(long afterBatch) throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MIN(batch_id) FILTER (WHERE invalid_rows > 0), MAX(batch_id)"
                        + " FROM speed_commits WHERE batch_id > " + afterBatch)) {
            rs.next();
            long poisonBatch = rs.getLong(1);
            return !rs.wasNull() && rs.getLong(2) > poisonBatch;
        }
    }
}
