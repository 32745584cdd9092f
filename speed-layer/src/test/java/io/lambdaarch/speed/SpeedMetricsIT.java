package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.localstack.metrics.MetricsCatalogue;
import io.lambdaarch.localstack.metrics.PrometheusText;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.testing.SpeedWorkload;
import io.lambdaarch.speed.testing.SpeedWorkload.Event;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
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
 * The speed job's driver {@code /metrics} through spark-submit with the shaded jar: the micro-batches' input rows
 * equal what the test sent and what speed_commits recorded, and each phase of the trigger is timed.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedMetricsIT {
    private static final Duration BUCKET = Duration.ofSeconds(5);

    @Test
    void shouldServeMicroBatchMetricsEqualToWhatWasRead(LocalStack stack, @TempDir Path workDir) throws Exception {
        StackSandbox sandbox = stack.sandbox("speed_metrics");
        SpeedWorkload workload = new SpeedWorkload(9, BUCKET);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (byte[] value : SpeedWorkload.poison(now)) {
                producer.send(new ProducerRecord<>(sandbox.topic(), null, value)).get();
                workload.sentPoison();
            }
            List<Event> events = workload.newEvents(300, now);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Event event : events) {
                sent.add(producer.send(new ProducerRecord<>(sandbox.topic(), event.id(), event.json())));
            }
            for (int i = 0; i < events.size(); i++) {
                workload.sent(events.get(i), sent.get(i).get().timestamp());
            }
        }
        int port = freePort();
        Map<String, String> settings = new HashMap<>(sandbox.settings());
        settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        settings.put(SpeedLayerConfig.CHECKPOINT.name(), workDir.resolve("checkpoint").toString());
        settings.put(SpeedLayerConfig.TRIGGER_INTERVAL.name(), "1s");
        settings.put(SpeedLayerConfig.MAX_OFFSETS_PER_TRIGGER.name(), "100");
        settings.put(SpeedLayerConfig.METRICS_PORT.name(), Integer.toString(port));
        settings.put(MetricsEndpointSettings.HOST.name(), "127.0.0.1");
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/metrics");
        AtomicReference<PrometheusText> last = new AtomicReference<>();

        try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "metrics", settings)) {
            // the endpoint is up once the driver has started: refused connections before that are expected
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptionsInstanceOf(ConnectException.class)
                    .failFast("the speed job ended", () -> !job.isAlive())
                    .untilAsserted(() -> {
                PrometheusText metrics = PrometheusText.scrape(endpoint);
                last.set(metrics);
                assertThat(metrics.value("lambda_speed_input_rows_total")).contains((double) workload.recordsSent());
            });
            PrometheusText metrics = last.get();
            long batchesRead = committedBatchesWithInput(sandbox);
            assertThat(metrics.value("lambda_speed_input_rows_total")).contains((double) inputRows(sandbox));
            // at most 100 records per trigger: the backlog took several micro-batches
            assertThat(metrics.value("lambda_speed_batches_total").orElseThrow())
                    .isGreaterThanOrEqualTo(batchesRead).isGreaterThanOrEqualTo(Math.ceil(workload.recordsSent() / 100.0));
            assertThat(metrics.value("lambda_speed_batch_duration_seconds_count"))
                    .isEqualTo(metrics.value("lambda_speed_batches_total"));
            // every micro-batch has a triggerExecution; the phases inside it are timed whenever Spark reports them
            assertThat(metrics.value("lambda_speed_phase_duration_seconds_count", Map.of("phase", "triggerExecution")))
                    .isEqualTo(metrics.value("lambda_speed_batches_total"));
            for (String phase : List.of("addBatch", "queryPlanning", "walCommit", "commitOffsets")) {
                assertThat(metrics.value("lambda_speed_phase_duration_seconds_count", Map.of("phase", phase)).orElseThrow())
                        .as("phase %s", phase).isGreaterThanOrEqualTo(1);
            }
            assertThat(metrics.value("lambda_speed_late_rows_total")).contains(0.0);
            assertThat(metrics.value("lambda_speed_state_rows").orElseThrow()).isGreaterThan(0);
            assertThat(metrics.value("lambda_speed_processed_rows_per_second").orElseThrow()).isGreaterThan(0);
            assertThat(metrics.value("lambda_speed_ingest_lag_seconds").orElseThrow()).isBetween(0.0, 600.0);
            assertThat(metrics.value("lambda_speed_offsets_behind_latest")).isPresent();
            assertThat(MetricsCatalogue.read().missingFrom("speed", metrics)).as("docs/operations.md series not exported")
                    .isEmpty();
        }
    }

    private static long inputRows(StackSandbox sandbox) throws Exception {
        return single(sandbox, "SELECT COALESCE(SUM(input_rows), 0) FROM speed_commits");
    }

    private static long committedBatchesWithInput(StackSandbox sandbox) throws Exception {
        return single(sandbox, "SELECT COUNT(*) FROM speed_commits WHERE input_rows > 0");
    }

    private static long single(StackSandbox sandbox, String sql) throws Exception {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
