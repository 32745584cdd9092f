package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.testing.SpeedTables;
import io.lambdaarch.speed.testing.SpeedWorkload;
import io.lambdaarch.speed.testing.SpeedWorkload.Event;
import io.lambdaarch.speed.testing.SpeedWorkload.ViewKey;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One partition far behind the others, as in a catch-up with {@code LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER}: partition 0
 * holds ten seconds of records, partition 1 a few records ingested after them. Spark reads every partition in
 * proportion to its backlog, so its first micro-batch already reaches partition 1's newest ingest time, the watermark
 * moves past most of partition 0, and Spark drops those records as late. The test shows the shortfall is never silent:
 * every group of speed_view that is short of the truth lies in an ingest bucket the ledger's speed_late_rows names
 * (the serving layer answers {@code complete: false} until a batch cutoff passes them, FreshnessEvaluatorTest), and
 * every group outside those buckets is exact.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedLateRecordsIT {
    private static final Duration BUCKET = Duration.ofSeconds(2);
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(8);

    @TempDir
    static Path workDir;

    @Test
    void shouldRecordTheBucketsOfRecordsDroppedBehindTheWatermark(LocalStack stack) throws Exception {
        StackSandbox sandbox = stack.sandbox("speed_late");
        SpeedWorkload workload = new SpeedWorkload(11, BUCKET);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int round = 0; round < 10; round++) {
                send(producer, sandbox.topic(), 0, workload, workload.newEvents(40, Instant.now()));
                Thread.sleep(1_000);
            }
            send(producer, sandbox.topic(), 1, workload, workload.newEvents(20, Instant.now()));
        }

        Map<String, String> settings = new HashMap<>(sandbox.settings());
        settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        settings.put(SpeedLayerConfig.CHECKPOINT.name(), workDir.resolve("checkpoint").toString());
        settings.put(SpeedLayerConfig.WATERMARK_DELAY.name(), "2s");
        settings.put(SpeedLayerConfig.MAX_OFFSETS_PER_TRIGGER.name(), "60");
        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "late", settings, "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
        }

        Map<ViewKey, List<Long>> truth = workload.truth();
        Map<ViewKey, List<Long>> view = SpeedTables.speedView(sandbox);
        List<Instant[]> lateRanges = lateRanges(sandbox);
        List<ViewKey> shortGroups = truth.keySet().stream().filter(key -> !truth.get(key).equals(view.get(key))).toList();

        assertThat(shortGroups).as("partition 0 far behind partition 1 must cost Spark records, or this test proves nothing")
                .isNotEmpty();
        assertThat(lateRanges).isNotEmpty();
        assertThat(shortGroups).as("every short group lies in a bucket speed_late_rows names")
                .allSatisfy(key -> assertThat(covered(key.ingestBucket(), lateRanges)).as(key.toString()).isTrue());
        truth.forEach((key, measures) -> {
            if (!covered(key.ingestBucket(), lateRanges)) {
                assertThat(view.get(key)).as("a bucket without late records is exact: %s", key).isEqualTo(measures);
            }
        });
        assertThat(view.keySet()).as("nothing the truth does not have").isSubsetOf(truth.keySet());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, int partition, SpeedWorkload workload,
            List<Event> events) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Event event : events) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition, event.id(), event.json())));
        }
        for (int i = 0; i < events.size(); i++) {
            workload.sent(events.get(i), sent.get(i).get().timestamp());
        }
    }

    private static boolean covered(Instant bucket, List<Instant[]> ranges) {
        return ranges.stream().anyMatch(range -> !bucket.isBefore(range[0]) && !bucket.isAfter(range[1]));
    }

    private static List<Instant[]> lateRanges(StackSandbox sandbox) throws SQLException {
        List<Instant[]> ranges = new ArrayList<>();
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT first_bucket, last_bucket FROM speed_late_rows")) {
            while (rs.next()) {
                ranges.add(new Instant[] {SpeedTables.instant(rs, 1), SpeedTables.instant(rs, 2)});
            }
        }
        return ranges;
    }
}
