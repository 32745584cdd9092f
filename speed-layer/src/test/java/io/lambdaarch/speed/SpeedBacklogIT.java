package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first start over a backlog, bounded: two million events already in the topic, the job started through
 * SparkSubmit in its own JVM with a 256 MB heap and no setting but the sandbox's (so the default
 * {@code LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER} splits the backlog), and speed_view compared, row by row, with the
 * totals this test computed from what it sent. In local mode the executors share the driver's JVM, so the whole job
 * (Kafka reads, state, the changed groups) fits in the 256 MB; the changed groups go from the executors to
 * speed_view_incoming and never through a collection on the driver.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedBacklogIT {
    private static final int EVENTS = 2_000_000;
    /** Free-text locations as a firehose has them: many groups per bucket. */
    private static final int LOCATIONS = 20_000;
    private static final int HOURS = 3;
    private static final Duration BUCKET = Duration.ofSeconds(10);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(25);
    /**
     * Spark keeps 300 MB of any heap for itself and refuses a heap under 1.5 times that; its test setting lowers the
     * reservation so a 256 MB driver starts at all (spark.testing.reservedMemory, the same in Spark 3.5 and 4).
     */
    private static final String RESERVED_MEMORY = "spark.testing.reservedMemory=" + 64L * 1024 * 1024;

    @TempDir
    static Path workDir;

    @Test
    void shouldCountATwoMillionEventBacklogExactlyOnA256MegabyteDriver(LocalStack stack) throws Exception {
        StackSandbox sandbox = stack.sandbox("speed_backlog");
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        Map<String, long[]> truth = send(stack, sandbox.topic(), hour);

        Map<String, String> settings = new HashMap<>(sandbox.settings());
        settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        settings.put(SpeedLayerConfig.CHECKPOINT.name(), workDir.resolve("checkpoint").toString());
        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "backlog", settings, "256m", List.of(RESERVED_MEMORY),
                "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
            assertThat(job.stdout()).as(job.output()).contains(EVENTS + " records (0 invalid)");
        }

        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*), MIN(input_rows), MAX(input_rows) FROM speed_commits")) {
                rs.next();
                long defaultCap = SpeedLayerConfig.MAX_OFFSETS_PER_TRIGGER.defaultValue().orElseThrow();
                assertThat(rs.getLong(1)).as("micro-batches").isGreaterThanOrEqualTo(EVENTS / defaultCap);
                assertThat(rs.getLong(3)).as("records in the largest micro-batch").isLessThanOrEqualTo(defaultCap);
            }
            assertThat(speedView(connection)).as("speed_view against the totals sent").isEqualTo(flatten(truth));
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM speed_view_incoming")) {
                rs.next();
                assertThat(rs.getLong(1)).as("applied batches leave nothing staged").isZero();
            }
        }
    }

    /** Sends the events; returns "bucket|hour|location" -> {count, followers, favorites, retweets} by broker ingest time. */
    private static Map<String, long[]> send(LocalStack stack, String topic, Instant hour) throws Exception {
        Map<String, long[]> truth = new HashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bucketMillis = BUCKET.toMillis();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                String location = "City " + (i * 7919L % LOCATIONS);
                Instant eventHour = hour.minus(i % HOURS, ChronoUnit.HOURS);
                Instant createdAt = eventHour.plusSeconds(i % 3600);
                long followers = i % 1000;
                long favorites = i % 7;
                long retweets = i % 3;
                byte[] json = String.format("{\"v\":1,\"id\":\"%d\",\"created_at\":\"%s\",\"user\":{\"id\":\"7\","
                                + "\"followers_count\":%d,\"location\":\"%s\"},\"favorite_count\":%d,\"retweet_count\":%d}",
                        50_000_000L + i, createdAt, followers, location, favorites, retweets).getBytes(StandardCharsets.UTF_8);
                // Callbacks run on the producer's one I/O thread: the map needs no lock until flush() returns.
                producer.send(new ProducerRecord<>(topic, Long.toString(50_000_000L + i), json), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    long ingest = metadata.timestamp();
                    Instant bucket = Instant.ofEpochMilli(ingest - Math.floorMod(ingest, bucketMillis));
                    long[] sum = truth.computeIfAbsent(bucket + "|" + eventHour + "|" + location, k -> new long[4]);
                    sum[0] += 1;
                    sum[1] += followers;
                    sum[2] += favorites;
                    sum[3] += retweets;
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return truth;
    }

    private static Map<String, List<Long>> flatten(Map<String, long[]> sums) {
        Map<String, List<Long>> flat = new HashMap<>(sums.size() * 2);
        sums.forEach((key, sum) -> flat.put(key, List.of(sum[0], sum[1], sum[2], sum[3])));
        return flat;
    }

    private static Map<String, List<Long>> speedView(Connection connection) throws SQLException {
        Map<String, List<Long>> view = new HashMap<>();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.setFetchSize(10_000);
            try (ResultSet rs = statement.executeQuery("SELECT ingest_bucket, event_hour, location, tweet_count, followers_sum,"
                    + " favorites_sum, retweets_sum FROM speed_view")) {
                while (rs.next()) {
                    view.put(instant(rs, 1) + "|" + instant(rs, 2) + "|" + rs.getString(3),
                            List.of(rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
                }
            }
        } finally {
            connection.setAutoCommit(true);
        }
        return view;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
}
