package io.lambdaarch.speed.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.cluster.Submission.DeployMode;
import io.lambdaarch.speed.testing.SpeedTables;
import io.lambdaarch.speed.testing.SpeedWorkload;
import io.lambdaarch.speed.testing.SpeedWorkload.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build of the speed job on a real Spark standalone cluster of its own line (master, worker, executors and, in
 * cluster deploy mode, the driver each in its own JVM) against the embedded Kafka and PostgreSQL. The tests share one
 * topic, database and checkpoint and run in order; after each, speed_view equals the truth {@link SpeedWorkload}
 * computes from every event sent so far.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SpeedLayerClusterContract {
    static final Duration BUCKET = Duration.ofSeconds(5);
    static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);
    static final String CHECKPOINT = "LAMBDA_SPEED_CHECKPOINT";

    Path workDir;
    StandaloneCluster cluster;
    StackSandbox sandbox;
    LocalStack stack;
    private KafkaProducer<String, byte[]> producer;
    final SpeedWorkload workload = new SpeedWorkload(11, BUCKET);

    abstract SparkBuild build();

    @BeforeAll
    void setUp(LocalStack stack, @TempDir Path workDir) throws IOException, InterruptedException {
        this.stack = stack;
        this.workDir = workDir;
        sandbox = stack.sandbox("speed_cluster_" + build().line().replace('.', '_'));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576),
                new StringSerializer(), new ByteArraySerializer());
        cluster = StandaloneCluster.start(build(), workDir);
    }

    @AfterAll
    void tearDown() throws InterruptedException {
        if (producer != null) {
            producer.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void shouldBeExactAfterTheDriverIsKilledMidBatchAndResubmittedInClientMode() throws Exception {
        long lastBatch = SpeedTables.latestBatchId(sandbox);
        Instant now = Instant.now();
        sendPoison(now);
        send(workload.newEvents(300, now));
        send(workload.sentEvents().subList(0, 20));

        Map<String, String> smallBatches = Map.of(
                "LAMBDA_SPEED_TRIGGER_INTERVAL", "1s",
                "LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER", "30");
        try (ChildJvm job = new Submission(cluster, DeployMode.CLIENT, settings(smallBatches)).start("client-stream")) {
            // Kill once this run has committed a batch and Spark has planned the next one (its offsets are written,
            // its commit is not): the driver dies in the middle of a micro-batch.
            Instant deadline = Instant.now().plus(JOB_TIMEOUT);
            while (!(SpeedTables.latestBatchId(sandbox) > lastBatch && plannedButNotCommitted())) {
                assertThat(job.isAlive()).as("the job must still be running: " + job.output()).isTrue();
                assertThat(Instant.now()).as("no batch started within " + JOB_TIMEOUT + ": " + job.output()).isBefore(deadline);
                Thread.sleep(20);
            }
            job.kill();
        }
        assertThat(SpeedTables.commitTotals(sandbox).get(0)).as("killed before the backlog was read").isLessThan(workload.recordsSent());

        try (ChildJvm job = new Submission(cluster, DeployMode.CLIENT, settings(Map.of())).start("client-resubmit", "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output()).isZero();
            assertThat(job.stdout()).as(job.output()).contains("Speed layer caught up");
        }

        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
        // Every record counted once in speed_commits too: no batch applied twice, none lost.
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
    }

    @Test
    @Order(2)
    void shouldBeExactAfterACatchUpInClusterMode() throws Exception {
        Instant now = Instant.now();
        sendPoison(now);
        send(workload.newEvents(150, now));

        try (ChildJvm job = new Submission(cluster, DeployMode.CLUSTER, settings(Map.of())).start("cluster-once", "--once")) {
            assertThat(job.waitFor(JOB_TIMEOUT)).as(job.output() + "\n" + cluster.latestDriverOutput()).isZero();
        }
        assertThat(cluster.latestDriverOutput()).contains("Speed layer caught up");

        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
        assertThat(SpeedTables.commitTotals(sandbox)).containsExactly(workload.recordsSent(), workload.poisonRecords());
    }

    Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(sandbox.settings());
        settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
        settings.put(CHECKPOINT, checkpoint().toString());
        settings.putAll(extra);
        return settings;
    }

    Path checkpoint() {
        return workDir.resolve("checkpoint");
    }

    void send(List<Event> events) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Event event : events) {
            sent.add(producer.send(new ProducerRecord<>(sandbox.topic(), event.id(), event.json())));
        }
        for (int i = 0; i < events.size(); i++) {
            // LogAppendTime: the metadata carries the broker's timestamp, the record's ingest time.
            workload.sent(events.get(i), sent.get(i).get().timestamp());
        }
    }

    void sendPoison(Instant now) throws InterruptedException, ExecutionException {
        for (byte[] value : SpeedWorkload.poison(now)) {
            producer.send(new ProducerRecord<>(sandbox.topic(), null, value)).get();
            workload.sentPoison();
        }
    }

    /** True while the checkpoint holds offsets for a batch Spark has not yet committed. */
    private boolean plannedButNotCommitted() throws IOException {
        OptionalLong planned = highestBatch(checkpoint().resolve("offsets"));
        OptionalLong committed = highestBatch(checkpoint().resolve("commits"));
        return planned.isPresent() && (committed.isEmpty() || planned.getAsLong() > committed.getAsLong());
    }

    private static OptionalLong highestBatch(Path log) throws IOException {
        if (!Files.isDirectory(log)) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.list(log)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong).max();
        }
    }
}
