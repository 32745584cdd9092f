package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.lock.BatchLock;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the job does when it cannot do its work: one readable line, the right exit code, nothing advanced. */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchFailureIT {
    private static StackSandbox sandbox;
    private static Map<String, String> settings;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("batch_failure_it");
        settings = new HashMap<>(sandbox.settings());
        settings.putAll(Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                "LAMBDA_BATCH_KAFKA_TIMEOUT", "3s"));
        Workload workload = Workload.generate(7, 1_000_000_000L, 200, 5, 2, Instant.now(), 3);
        TestKafka.send(sandbox, workload.first());
    }

    @Test
    @Order(1)
    void shouldRefuseToRecomputeBeforeAnythingWasLanded() {
        BatchCli.Result result = BatchCli.run(configSource(Map.of()), "recompute");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("Nothing to recompute").doesNotContain("Exception");
    }

    @Test
    @Order(2)
    void shouldExitThreeWhileAnotherRunHoldsTheLock() throws Exception {
        try (Connection holder = sandbox.connect()) {
            try (PreparedStatement name = holder.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                name.setString(1, BatchLock.APPLICATION_PREFIX + "held-by-test");
                name.execute();
            }
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, BatchLock.KEY);
                lock.execute();
            }

            BatchCli.Result result = BatchCli.run(configSource(Map.of()), "run", "--lock-timeout", "1s");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
            assertThat(result.out()).contains("Waiting up to 1 s for the batch lock, held by lambda-batch held-by-test");
            assertThat(result.err().strip()).startsWith("LOCKED: Another batch run holds the lock (lambda-batch held-by-test")
                    .contains("Nothing was changed").doesNotContain("\n");
        }
        assertThat(TestWarehouse.count(sandbox, "landing_runs")).isZero();
    }

    @Test
    @Order(3)
    void shouldFailInOneLineWhenS3IsUnreachable() throws IOException {
        BatchCli.Result result = BatchCli.run(configSource(Map.of("LAMBDA_S3_ENDPOINT", "http://127.0.0.1:" + closedPort())), "run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("ERROR: S3 at http://127.0.0.1:").doesNotContain("\n");
        assertThat(TestWarehouse.landingOffsets(sandbox)).isEmpty();
    }

    @Test
    @Order(4)
    void shouldFailInOneLineWhenTheWarehouseIsUnreachable() throws IOException {
        BatchCli.Result result = BatchCli.run(configSource(Map.of(
                "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/lambda")), "run");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().strip()).startsWith("ERROR: Cannot connect to the warehouse at jdbc:postgresql://127.0.0.1:")
                .doesNotContain("\n");
    }

    @Test
    @Order(5)
    void shouldFailInOneLineWhenKafkaIsUnreachable() throws IOException {
        Map<String, String> broken = Map.of("LAMBDA_KAFKA_BOOTSTRAP", "127.0.0.1:" + closedPort());

        BatchCli.Result land = BatchCli.run(configSource(broken), "land");
        BatchCli.Result status = BatchCli.run(configSource(broken), "status");

        assertThat(land.exitCode()).as(land.toString()).isEqualTo(1);
        assertThat(land.err().strip()).startsWith("ERROR: Cannot reach Kafka at 127.0.0.1:").doesNotContain("\n");
        assertThat(TestWarehouse.landingOffsets(sandbox)).isEmpty();
        assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
        assertThat(status.out()).contains("lag unknown: Cannot reach Kafka", "landed_through none");
    }

    @Test
    @Order(6)
    void shouldRefuseToSkipRecordsThatRetentionDeletedUnlessAccepted() throws Exception {
        assertThat(BatchCli.run(configSource(Map.of()), "land").exitCode()).isZero();
        Map<Integer, Long> landed = TestWarehouse.landingOffsets(sandbox);
        try (KafkaProducer<byte[], byte[]> producer = TestKafka.producer(sandbox)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(sandbox.topic(), 0, null, ("{\"id\":\"" + (9000 + i)
                        + "\",\"created_at\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8))).get();
            }
        }
        long deletedBefore = landed.get(0) + 4;
        try (Admin admin = sandbox.stack().kafka().admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(sandbox.topic(), 0), RecordsToDelete.beforeOffset(deletedBefore)))
                    .all().get(30, TimeUnit.SECONDS);
        }

        BatchCli.Result refused = BatchCli.run(configSource(Map.of()), "land");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.err()).contains("records " + landed.get(0) + " to " + (deletedBefore - 1) + " of partition 0",
                "--accept-lost-offsets");
        assertThat(TestWarehouse.landingOffsets(sandbox)).isEqualTo(landed);

        BatchCli.Result accepted = BatchCli.run(configSource(Map.of()), "land", "--accept-lost-offsets");

        assertThat(accepted.exitCode()).as(accepted.toString()).isZero();
        assertThat(accepted.out()).contains("WARNING: the records " + landed.get(0) + " to " + (deletedBefore - 1));
        assertThat(TestWarehouse.landingOffsets(sandbox).get(0)).isEqualTo(landed.get(0) + 10);
    }

    @Test
    @Order(7)
    void shouldRefuseATopicThatDoesNotStampLogAppendTime() {
        String topic = "create_time_topic_batch_failure_it";
        sandbox.stack().kafka().createTopic(topic, 1, Map.of("message.timestamp.type", "CreateTime"));
        TestKafka.send(new StackSandbox(sandbox.stack(), topic, sandbox.dlqTopic(), sandbox.bucket(), sandbox.database(),
                sandbox.settings()), List.of(new Workload.Message("k", "{}".getBytes(StandardCharsets.UTF_8), null, false)));
        Map<Integer, Long> before = TestWarehouse.landingOffsets(sandbox);

        BatchCli.Result result = BatchCli.run(configSource(Map.of("LAMBDA_KAFKA_TOPIC", topic)), "land");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("stores CreateTime timestamps", "LogAppendTime");
        assertThat(TestWarehouse.landingOffsets(sandbox)).isEqualTo(before);
    }

    @Test
    @Order(8)
    void shouldRefuseAClockProbeTopicThatDoesNotStampLogAppendTime() {
        String probeTopic = "create_time_probe_batch_failure_it";
        sandbox.stack().kafka().createTopic(probeTopic, 1, Map.of("message.timestamp.type", "CreateTime"));

        BatchCli.Result result = BatchCli.run(configSource(Map.of("LAMBDA_BATCH_CLOCK_PROBE_TOPIC", probeTopic)), "land");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(result.err().strip()).isEqualTo("ERROR: Clock probe topic " + probeTopic
                + " does not use message.timestamp.type=LogAppendTime, so it cannot tell the broker's time");
    }

    private static ConfigSource configSource(Map<String, String> overrides) {
        Map<String, String> merged = new HashMap<>(settings);
        merged.putAll(overrides);
        return ConfigSource.of(merged);
    }

    /** A port nothing listens on (bound, then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
