package io.lambdaarch.demo.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.demo.fault.harness.BatchCutoff;
import io.lambdaarch.demo.fault.harness.ExactnessCheck;
import io.lambdaarch.demo.fault.harness.FaultPipeline;
import io.lambdaarch.demo.fault.harness.ForeignProducer;
import io.lambdaarch.demo.fault.harness.SentRecords;
import io.lambdaarch.demo.fault.harness.SentRecords.Sent;
import io.lambdaarch.demo.fault.harness.Service;
import io.lambdaarch.demo.fault.harness.ServiceRunner;
import io.lambdaarch.demo.fault.harness.ServiceRunner.Finished;
import io.lambdaarch.demo.fault.harness.Truth;
import io.lambdaarch.demo.fault.harness.WarehouseProbe;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.demo.verify.Measures;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One Kafka partition far behind the others, seen through the serving API (docs/fault-tolerance.md#late-records-through-the-api). The
 * speed job reads at most {@value #MAX_OFFSETS} records a micro-batch while partition 0 receives ten seconds of
 * stream at twice that rate; then partition 1 receives a burst. Spark reads the burst at once (every partition with a
 * backlog gets its share of a micro-batch), its watermark jumps past most of partition 0's backlog, and those records
 * are dropped as late: a real shortfall in the speed layer. Throughout, every answer of {@code /api/totals} must be
 * exact against a truth computed from the acknowledged records (the events before the answer's batch cutoff, plus the
 * later ones below the end offsets of the answer's speed micro-batch, as Spark's own offset log in the checkpoint
 * records them) or say {@code complete: false}; never
 * {@code complete: true} short of events. Then a batch run whose cutoff passes the late records makes the answer exact
 * and complete. Its own sandbox, speed job and serving layer: the speed job's settings differ from PipelineFaultIT's.
 */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LateRecordsFaultIT {
    private static final Duration BUCKET = Duration.ofSeconds(5);
    private static final Duration MARGIN = Duration.ofSeconds(2);
    private static final long MAX_OFFSETS = 50;
    private static final int STREAM_SECONDS = 10;
    /** Partition 0's stream rate, twice what the speed job may read with a 1 s trigger. */
    private static final int STREAM_PER_SECOND = 100;
    private static final Duration EXACT_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalStack stack;
    private FaultPipeline pipeline;
    private StackSandbox sandbox;
    private ServiceRunner services;
    private WarehouseProbe warehouse;
    private ServingApiClient api;
    private final Truth truth = new Truth();
    private final SentRecords sent = new SentRecords();
    private long nextId = 9_100_000_000L;

    @BeforeAll
    void startPipeline(LocalStack stack) throws Exception {
        this.stack = stack;
        pipeline = FaultPipeline.prepare(stack, "late_fault", "late-fault", BUCKET, MARGIN, Map.of(
                "LAMBDA_SPEED_MAX_OFFSETS_PER_TRIGGER", Long.toString(MAX_OFFSETS),
                "LAMBDA_SPEED_WATERMARK_DELAY", "2s"));
        sandbox = pipeline.sandbox();
        services = pipeline.services();
        warehouse = pipeline.warehouse();
        api = pipeline.api();
        ChildProcess serving = pipeline.startServing();
        pipeline.startSpeed();
        pipeline.awaitServingUp(serving, RUN_TIMEOUT);
    }

    @AfterAll
    void stopPipeline() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldAnswerExactOrIncompleteWhileOnePartitionFallsBehindTheWatermark() throws Exception {
        // A batch cutoff first: before any, every answer says complete: false and would prove nothing.
        try (ForeignProducer producer = new ForeignProducer(stack.kafka().bootstrapServers(), sandbox.topic())) {
            for (int partition = 0; partition < 3; partition++) {
                send(producer, partition, 40);
            }
        }
        awaitExact("warm-up, speed layer", false);
        awaitCutoffCanPass(Instant.now());
        batchRun();
        awaitExact("warm-up, batch run", true);

        List<JsonNode> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> sample(answers, sampling), "late-fault-api-sampler");
        sampler.start();
        Instant streamed;
        try {
            try (ForeignProducer producer = new ForeignProducer(stack.kafka().bootstrapServers(), sandbox.topic())) {
                for (int second = 0; second < STREAM_SECONDS; second++) {
                    long started = System.nanoTime();
                    send(producer, 0, STREAM_PER_SECOND);
                    Thread.sleep(Math.max(0, 1_000 - (System.nanoTime() - started) / 1_000_000));
                }
                send(producer, 1, 20);
                streamed = Instant.now();
            }
            say("partition 0: %d s of stream at %d records/s, then a burst on partition 1; the speed job reads %d a micro-batch",
                    STREAM_SECONDS, STREAM_PER_SECOND, MAX_OFFSETS);
            Map<Integer, Long> ends = sent.endOffsets();
            awaitUntil("the speed job has read every partition to its end", EXACT_TIMEOUT,
                    () -> ends.equals(speedEndOffsets(warehouse.latestSpeedBatch()).orElse(Map.of())));
            int caughtUp = answers.size();
            awaitUntil("three answers after the speed job caught up", RUN_TIMEOUT, () -> answers.size() >= caughtUp + 3);
        } finally {
            sampling.set(false);
            sampler.join();
        }

        long shortAnswers = 0;
        for (JsonNode answer : answers) {
            if (answer.has("error")) {
                continue;
            }
            JsonNode freshness = answer.path("freshness");
            Optional<Instant> cutoff = instant(freshness.path("batch_cutoff"));
            long speedBatch = freshness.path("speed_batch_id").asLong(-1);
            Map<Integer, Long> read = speedEndOffsets(speedBatch).orElseThrow(
                    () -> new AssertionError("no offsets in the checkpoint for the answer's speed batch " + speedBatch + ": " + answer));
            Measures expected = sent.exactTotal(cutoff, read);
            Measures actual = ExactnessCheck.apiTotals(answer);
            if (!actual.equals(expected)) {
                shortAnswers++;
                assertThat(answer.path("complete").asBoolean(true))
                        .as("an answer short of the events it should hold must say complete: false; expected %s, got %s",
                                expected, answer)
                        .isFalse();
            }
        }
        JsonNode last = answers.get(answers.size() - 1);
        say("%d answers while the speed job caught up, %d of them short (all complete: false); the last: %s, complete %s (%s)",
                answers.size(), shortAnswers, last.path("totals"), last.path("complete"),
                last.path("freshness").path("complete_reason").asText());
        assertThat(ExactnessCheck.apiTotals(last)).as("partition 0 far behind must cost the speed layer records, or this test proves nothing")
                .isNotEqualTo(sent.total());
        assertThat(shortAnswers).isPositive();
        assertThat(warehouse.speedLateBatches()).as("speed_late_rows").isPositive();

        // A batch run whose cutoff passes the late records' buckets counts them: exact, and complete again.
        awaitCutoffCanPass(streamed);
        batchRun();
        awaitExact("late records, batch cutoff past them", true);
    }

    private void send(ForeignProducer producer, int partition, int count) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<TweetEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long id = nextId++;
            events.add(new TweetEvent(Long.toString(id), now.minus(Duration.ofMinutes(id % 90)), Long.toString(id % 97),
                    id % 1_000, "Late City " + (id % 5), id % 7, id % 3, "en", null, null));
        }
        List<RecordMetadata> stored = producer.sendTo(partition, events.stream().map(ForeignProducer::validEvent).toList());
        for (int i = 0; i < events.size(); i++) {
            RecordMetadata where = stored.get(i);
            sent.add(new Sent(events.get(i), where.partition(), where.offset(), Instant.ofEpochMilli(where.timestamp())));
            truth.sent(events.get(i));
        }
    }

    private void sample(List<JsonNode> answers, AtomicBoolean sampling) {
        while (sampling.get()) {
            try {
                answers.add(api.totals());
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                say("the API did not answer: %s", e.getMessage());
            }
        }
    }

    /**
     * The offsets up to which micro-batch {@code batchId} read each partition, from Spark's offset log in the checkpoint
     * ({@code offsets/<batch id>}: a version line, the batch's metadata, then the source's {@code {"<topic>":
     * {"<partition>": <end offset>}}}): what Spark itself says it read, not what the job wrote to the warehouse.
     */
    private Optional<Map<Integer, Long>> speedEndOffsets(long batchId) throws IOException {
        Path log = pipeline.speedCheckpoint().resolve("offsets").resolve(Long.toString(batchId));
        if (batchId < 0 || !Files.exists(log)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        Map<Integer, Long> offsets = new HashMap<>();
        JSON.readTree(lines.get(lines.size() - 1)).path(sandbox.topic()).fields()
                .forEachRemaining(e -> offsets.put(Integer.parseInt(e.getKey()), e.getValue().asLong()));
        return Optional.of(offsets);
    }

    private static Optional<Instant> instant(JsonNode value) {
        return value.isTextual() ? Optional.of(Instant.parse(value.asText())) : Optional.empty();
    }

    private void awaitExact(String step, boolean complete) {
        pipeline.exactness().awaitExact(step, truth.view(), complete, EXACT_TIMEOUT);
    }

    private static void awaitCutoffCanPass(Instant ingestedBy) throws InterruptedException {
        BatchCutoff.awaitPassable(ingestedBy, BUCKET, MARGIN);
    }

    private void batchRun() throws InterruptedException {
        Finished run = services.run(Service.BATCH, List.of("run"), RUN_TIMEOUT);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    private void awaitUntil(String what, Duration timeout, Callable<Boolean> condition) {
        services.awaitUntil(what, timeout, condition);
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[late-fault] " + format + "%n", args);
    }
}
