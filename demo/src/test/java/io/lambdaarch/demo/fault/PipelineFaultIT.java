package io.lambdaarch.demo.fault;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.sql.Tables;
import io.lambdaarch.demo.fault.harness.ArchiveListing;
import io.lambdaarch.demo.fault.harness.BatchCutoff;
import io.lambdaarch.demo.fault.harness.FaultPipeline;
import io.lambdaarch.demo.fault.harness.ForeignProducer.Poison;
import io.lambdaarch.demo.fault.harness.ForeignProducer;
import io.lambdaarch.demo.fault.harness.Service;
import io.lambdaarch.demo.fault.harness.ServiceRunner.Finished;
import io.lambdaarch.demo.fault.harness.ServiceRunner;
import io.lambdaarch.demo.fault.harness.StopAfterFirstFailure;
import io.lambdaarch.demo.fault.harness.Truth;
import io.lambdaarch.demo.fault.harness.WarehouseProbe.Landing;
import io.lambdaarch.demo.fault.harness.WarehouseProbe;
import io.lambdaarch.demo.process.ChildProcess;
import io.lambdaarch.demo.status.ServingApiClient;
import io.lambdaarch.demo.status.TopicCounter;
import io.lambdaarch.ingestion.synthetic.SyntheticGenerator;
import io.lambdaarch.ingestion.synthetic.SyntheticRecord;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fault suite: the whole pipeline, each service its own process started through {@code ./lambda} as in
 * production, on one sandbox of the embedded stack. Every test injects one fault (SIGKILL of a service in the middle
 * of its work, a Kafka broker or warehouse outage, two batch runs at once, poison records) and ends when serving_view
 * and the serving API equal a truth computed from what the test sent. The tests run in order and share one
 * continuous speed job and one serving layer, since every Spark start costs half a minute here.
 */
@ExtendWith({LocalStackExtension.class, StopAfterFirstFailure.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineFaultIT {
    /** The ingest bucket B, the same for batch and speed: small, so batch cutoffs move within each test. */
    private static final Duration BUCKET = Duration.ofSeconds(10);
    private static final Duration EXACT_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    /** LAMBDA_BATCH_CLOCK_MARGIN: ingestion and batch share this machine's clock with the broker. */
    private static final Duration MARGIN = Duration.ofSeconds(2);
    /** Small archive files, so a landing uploads many of them and can be caught in the middle. */
    private static final Map<String, String> SMALL_FILES = Map.of("LAMBDA_BATCH_FILE_MAX_RECORDS", "200");
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w$.]+\\(.*\\)$");

    private LocalStack stack;
    private FaultPipeline pipeline;
    private StackSandbox sandbox;
    private ServiceRunner services;
    private final Truth truth = new Truth();
    private WarehouseProbe warehouse;
    private TopicCounter topic;
    private ArchiveListing archive;
    private ServingApiClient api;
    private ChildProcess speed;
    private ChildProcess serving;
    private SyntheticWorkload lastWorkload;

    @BeforeAll
    void startPipeline(LocalStack stack) throws Exception {
        this.stack = stack;
        pipeline = FaultPipeline.prepare(stack, "fault", "fault-suite", BUCKET, MARGIN, Map.of(
                "LAMBDA_INGEST_PROGRESS_INTERVAL", "1s",
                "LAMBDA_BATCH_PROGRESS_INTERVAL", "1s",
                // A SIGKILLed speed job's lease on speed_view expires this soon, so its restart does not wait the default 30 s.
                "LAMBDA_SPEED_LEASE_TIMEOUT", "8s"));
        sandbox = pipeline.sandbox();
        services = pipeline.services();
        warehouse = pipeline.warehouse();
        api = pipeline.api();
        topic = new TopicCounter(sandbox.kafkaSettings());
        archive = new ArchiveListing(stack.s3().client(), sandbox.bucket());

        serving = pipeline.startServing();
        // The speed job starts (about half a minute of Spark) while the first test ingests.
        speed = pipeline.startSpeed();
        awaitServingUp();
        say("pipeline started: logs in %s", services.logDir());
    }

    @AfterAll
    void stopPipeline() throws Exception {
        // A failed test may have left a server down; the stack is shared with the JVM's other test classes.
        stack.kafka().startAgain();
        stack.warehouse().startAgain();
        if (pipeline != null) {
            pipeline.close();
        }
        if (topic != null) {
            topic.close();
        }
        if (archive != null) {
            archive.close();
        }
    }

    @Test
    @Order(1)
    void shouldStayExactWhenIngestionIsKilledMidStreamAndResendsEverything() throws Exception {
        SyntheticWorkload workload = workload(1, 2_000);
        long count = 8_000;
        long before = topic.count(sandbox.topic());
        ChildProcess ingestion = startIngestionAndAwaitPart(workload, count, 1_500);
        ingestion.kill();
        long sentByKilledRun = topic.count(sandbox.topic()) - before;
        say("ingestion SIGKILLed after %,d of %,d records reached the topic; sending the whole workload again", sentByKilledRun, count);

        Finished resend = services.run(Service.INGESTION, ingestArgs(workload, count), RUN_TIMEOUT);
        assertThat(resend.exitCode()).as(resend.describe()).isZero();
        truth.sent(workload, count);
        assertThat(topic.count(sandbox.topic()) - before).as("the topic holds the killed run's records twice")
                .isGreaterThanOrEqualTo(sentByKilledRun + uniqueEvents(workload, count));

        // First the speed layer alone (it drops the repeats within its watermark), then the batch layer's cutoff
        // passes them (it keeps the earliest copy of each id over all history).
        awaitExact("ingestion killed and restarted, speed layer");
        batchRun();
        assertLandingConsistent();
        awaitExact("ingestion killed and restarted, batch layer");
    }

    @Test
    @Order(2)
    void shouldStayExactWhenTheSpeedJobIsKilledMidStreamAndRestarted() throws Exception {
        // 25 seconds of stream: a micro-batch can take 15 s on a busy machine.
        SyntheticWorkload workload = workload(2, 400);
        long count = 10_000;
        long lastBatch = warehouse.latestSpeedBatch();
        ChildProcess ingestion = services.start(Service.INGESTION, ingestArgs(workload, count));
        awaitUntil("the speed job has committed a micro-batch of the stream", Duration.ofMinutes(2),
                () -> !ingestion.isAlive() || warehouse.speedRecordsAfter(lastBatch).input() > 0);
        assertThat(ingestion.isAlive()).as("ingestion must still be sending when the speed job is killed").isTrue();
        assertThat(speed.isAlive()).as("speed job before the kill: %s", speed.log()).isTrue();
        speed.kill();
        say("speed job SIGKILLed after batch %d; restarting it on its checkpoint", warehouse.latestSpeedBatch());
        speed = pipeline.startSpeed();

        Finished ingested = services.awaitExit(ingestion, RUN_TIMEOUT);
        assertThat(ingested.exitCode()).as(ingested.describe()).isZero();
        truth.sent(workload, count);
        awaitExact("speed job killed and restarted");
    }

    @Test
    @Order(3)
    void shouldGiveTheSameAnswersWhenTheServingLayerIsKilledAndRestarted() throws Exception {
        JsonNode before = api.totals();
        serving.kill();
        assertThat(api.isUp()).as("the killed serving layer answers no more").isFalse();
        serving = pipeline.startServing();
        awaitServingUp();

        assertThat(api.totals().path("totals")).as("the restarted serving layer's totals").isEqualTo(before.path("totals"));
        awaitExact("serving layer killed and restarted");
    }

    @Test
    @Order(4)
    void shouldLandEverythingOnceWhenABatchRunIsKilledMidLanding() throws Exception {
        // The speed test's stream is not landed yet: enough for dozens of small archive files.
        Landing before = warehouse.landing();
        long rawFiles = archive.count(ArchiveListing.RAW);
        ChildProcess killed = startBatchRunAndAwaitFirstUpload();
        killed.kill();
        say("batch run SIGKILLed after %d archive files were uploaded", archive.count(ArchiveListing.RAW) - rawFiles);
        assertThat(warehouse.landing()).as("nothing of the killed run is committed").isEqualTo(before);

        batchRun(SMALL_FILES);
        assertLandingConsistent();
        awaitExact("batch run killed mid-landing, then run again");
    }

    @Test
    @Order(5)
    void shouldStayExactWhenTheKafkaBrokerRestartsDuringIngestion() throws Exception {
        SyntheticWorkload workload = workload(5, 1_000);
        long count = 8_000;
        long before = topic.count(sandbox.topic());
        ChildProcess ingestion = startIngestionAndAwaitPart(workload, count, 2_000);
        restartKafka();

        Finished ingested = services.awaitExit(ingestion, RUN_TIMEOUT);
        assertThat(ingested.exitCode()).as(ingested.describe()).isZero();
        truth.sent(workload, count);
        assertThat(topic.count(sandbox.topic()) - before).as("each record once in the topic (idempotent producer)")
                .isEqualTo(uniqueEvents(workload, count));
        ensureSpeedRunning("the broker restart");
        // The next test lands these records (through another broker restart).
        awaitExact("Kafka broker restarted during ingestion");
    }

    @Test
    @Order(6)
    void shouldStayExactWhenTheKafkaBrokerRestartsDuringLanding() throws Exception {
        ingestAll(6, 15_000);
        Landing before = warehouse.landing();
        ChildProcess landing = startBatchRunAndAwaitFirstUpload();
        restartKafka();

        Finished run = services.awaitExit(landing, RUN_TIMEOUT);
        if (run.exitCode() == 0) {
            say("the batch run rode out the broker restart");
        } else {
            say("the batch run failed during the broker restart (exit %d); running it again", run.exitCode());
            assertOneLineFailure(run);
            assertThat(warehouse.landing()).as("nothing of the failed run is committed").isEqualTo(before);
            batchRun(SMALL_FILES);
        }
        assertLandingConsistent();
        ensureSpeedRunning("the broker restart");
        awaitExact("Kafka broker restarted during landing");
    }

    @Test
    @Order(7)
    void shouldFailTheBatchRunWithOneLineAndAdvanceNothingWhenTheWarehouseGoesDown() throws Exception {
        ingestAll(7, 15_000);
        // The speed job catches up first, so the outage below hits the batch run's COPY, not a speed micro-batch.
        awaitExact("before the warehouse outage");
        Landing before = warehouse.landing();
        ChildProcess landing = startBatchRunAndAwaitFirstUpload();
        Finished failed;
        try {
            stack.warehouse().stop();
            say("warehouse stopped while the batch run lands");
            failed = services.awaitExit(landing, RUN_TIMEOUT);
        } finally {
            stack.warehouse().startAgain();
        }
        say("warehouse back; the batch run had exited %d: %s", failed.exitCode(), lastLine(failed));
        assertThat(failed.exitCode()).as(failed.describe()).isEqualTo(1);
        assertOneLineFailure(failed);
        assertThat(lastLine(failed)).as(failed.describe()).containsIgnoringCase("warehouse");
        assertThat(warehouse.landing()).as("offsets and landing runs as before the failed run").isEqualTo(before);

        ensureSpeedRunning("the warehouse outage");
        batchRun();
        assertLandingConsistent();
        awaitExact("warehouse down during a batch run");
    }

    @Test
    @Order(8)
    void shouldRideOutAShortWarehouseOutageDuringASpeedMicroBatch() throws Exception {
        ChildProcess speedBefore = speed;
        try {
            stack.warehouse().stop();
            say("warehouse stopped; ingesting while it is down");
            ingestAll(8, 5_000);
            awaitUntil("the speed job has hit the missing warehouse", Duration.ofMinutes(2),
                    () -> !speedBefore.isAlive() || logContains(speedBefore, "warehouse failed"));
        } finally {
            // Back at once: the writer's retries (1, 2 and 4 s apart) usually outlast a restart.
            stack.warehouse().startAgain();
        }
        say("warehouse back; the speed job %s", speedBefore.isAlive() ? "is retrying" : "exited " + speedBefore.exitCode());
        if (!speedBefore.isAlive()) {
            assertThat(speedBefore.exitCode()).as("a speed job that gave up exits non-zero").isNotZero();
        }
        ensureSpeedRunning("the short warehouse outage");
        awaitExact("short warehouse outage during a speed micro-batch");
    }

    @Test
    @Order(9)
    void shouldExitWithOneLineWhenTheWarehouseStaysDownAndResumeWhenStartedAgain() throws Exception {
        ChildProcess givingUp = speed;
        try {
            stack.warehouse().stop();
            say("warehouse stopped until the speed job gives up");
            ingestAll(9, 3_000);
            awaitUntil("the speed job has given up on the warehouse", Duration.ofMinutes(2), () -> !givingUp.isAlive());
        } finally {
            stack.warehouse().startAgain();
        }
        Finished gaveUp = services.awaitExit(givingUp, RUN_TIMEOUT);
        say("the speed job exited %d: %s", gaveUp.exitCode(), lastLine(gaveUp));
        assertThat(gaveUp.exitCode()).as(gaveUp.describe()).isEqualTo(1);
        assertThat(gaveUp.output()).as(gaveUp.describe()).anyMatch(line -> line.contains("retry 3 of 3"));
        assertOneLineFailure(gaveUp);
        assertThat(lastLine(gaveUp)).as(gaveUp.describe()).contains("Speed layer query failed in the warehouse at");

        speed = pipeline.startSpeed();
        awaitExact("speed job restarted after giving up on the warehouse");
    }

    @Test
    @Order(10)
    void shouldLoadOnceWhenTwoBatchRunsStartAtOnce() throws Exception {
        // The records of the two previous tests are not landed yet.
        Landing before = warehouse.landing();
        try (Connection blocker = sandbox.connect(); Statement statement = blocker.createStatement()) {
            // Holds the first run inside its landing (after it took the batch lock) for as long as this test needs.
            blocker.setAutoCommit(false);
            statement.execute("LOCK TABLE landing_offsets IN ACCESS EXCLUSIVE MODE");
            ChildProcess first = services.start(Service.BATCH, List.of("run", "--lock-timeout", "5m"));
            awaitUntil("the first run holds the batch lock and waits inside its landing", RUN_TIMEOUT,
                    () -> !first.isAlive() || (warehouse.batchLockHolder().isPresent() && warehouse.sessionsWaitingForTableLocks() > 0));
            assertThat(first.isAlive()).as("first run: %s", first.log()).isTrue();

            Finished impatient = services.run(Service.BATCH, List.of("run", "--lock-timeout", "2s"), RUN_TIMEOUT);
            assertThat(impatient.exitCode()).as(impatient.describe()).isEqualTo(3);
            assertThat(lastLine(impatient)).as(impatient.describe()).contains("Another batch run holds the lock");
            assertOneLineFailure(impatient);

            ChildProcess patient = services.start(Service.BATCH, List.of("run", "--lock-timeout", "5m"));
            awaitUntil("the second run waits for the lock", RUN_TIMEOUT,
                    () -> !patient.isAlive() || logContains(patient, "Waiting up to"));
            assertThat(patient.isAlive()).as("second run: %s", patient.log()).isTrue();
            say("one run holds the lock (%s), one exited 3, one waits; letting the first one go on",
                    warehouse.batchLockHolder().orElse("?"));
            blocker.rollback();

            Finished firstDone = services.awaitExit(first, RUN_TIMEOUT);
            Finished patientDone = services.awaitExit(patient, RUN_TIMEOUT);
            assertThat(firstDone.exitCode()).as(firstDone.describe()).isZero();
            assertThat(patientDone.exitCode()).as(patientDone.describe()).isZero();
        }
        Landing after = warehouse.landing();
        assertThat(after.runs() - before.runs()).as("landing runs committed").isEqualTo(2);
        assertLandingConsistent();
        awaitExact("two batch runs at once");
    }

    @Test
    @Order(11)
    void shouldSkipPoisonRecordsFromAForeignProducerInBothLayers() throws Exception {
        long lastSpeedBatch = warehouse.latestSpeedBatch();
        long quarantineFiles = archive.count(ArchiveListing.QUARANTINE);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Poison> poison = ForeignProducer.poison(now);
        TweetEvent foreignEvent = new TweetEvent("4242424242", now.minus(Duration.ofMinutes(90)), "77", 1_234, "Reykjavik",
                5, 2, "en", null, null);
        SyntheticRecord repeated = new SyntheticGenerator(lastWorkload).records(100)
                .filter(r -> r.kind() == SyntheticRecord.Kind.EVENT).findFirst().orElseThrow();
        List<Poison> records = new ArrayList<>(poison);
        records.add(ForeignProducer.validEvent(foreignEvent));
        records.add(new Poison("repeat of an ingested event", repeated.event().id().getBytes(StandardCharsets.UTF_8), repeated.json()));
        try (ForeignProducer producer = new ForeignProducer(stack.kafka().bootstrapServers(), sandbox.topic())) {
            producer.send(records);
        }
        truth.sent(foreignEvent);

        awaitExact("poison records, speed layer");
        assertThat(speed.isAlive()).as("the speed job skips poison instead of failing: %s", speed.log()).isTrue();
        assertThat(warehouse.speedRecordsAfter(lastSpeedBatch).invalid()).as("invalid records counted by the speed job")
                .isEqualTo(poison.size());

        batchRun();
        WarehouseProbe.LandingRun landed = warehouse.latestLandingRun();
        assertThat(landed.invalidRecords()).as("records quarantined by the batch run").isEqualTo(poison.size());
        assertThat(landed.validRecords()).as("the foreign valid event and the repeat").isEqualTo(2);
        assertThat(archive.count(ArchiveListing.QUARANTINE)).as("quarantine files").isGreaterThan(quarantineFiles);
        assertLandingConsistent();
        awaitExact("poison records, batch layer");
    }

    /**
     * Valid counts up to 2^63-1 (docs/design.md#validation-and-normalization) whose sums pass 2^63: three events of 2^63-1 in one group, and
     * 1,100 events of 2^53-1 followers (each exact in any JSON reader) in another. Nothing clamps, wraps or stops:
     * speed_view, batch_view, serving_view and the API equal a truth summed with BigInteger after the speed layer, a
     * batch run, a full recompute and the next run.
     */
    @Test
    @Order(12)
    void shouldSumPastTwoToTheSixtyThreeExactlyInEveryLayer() throws Exception {
        // Run alone, this test may find a speed job that gave up while the shared stack was still starting.
        ensureSpeedRunning("the previous tests");
        long max = Long.MAX_VALUE;
        long jsonSafe = (1L << 53) - 1;
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        List<TweetEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new TweetEvent(Long.toString(5_300_000_000L + i), hour.plusSeconds(i), "1", max, "Overflow Falls", max, max,
                    "en", null, null));
        }
        for (int i = 0; i < 1_100; i++) {
            events.add(new TweetEvent(Long.toString(5_400_000_000L + i), hour.plusSeconds(i), "2", jsonSafe, "Safe Harbour", 0, 1,
                    "en", null, null));
        }
        sendValid(events);
        Instant sentBy = Instant.now();
        BigInteger threeMax = BigInteger.valueOf(max).multiply(BigInteger.valueOf(3));

        awaitExact("wide sums, speed layer");
        assertThat(speed.isAlive()).as("the speed job sums past 2^63 instead of failing: %s", speed.log()).isTrue();
        assertThat(groupSum(Tables.SPEED_VIEW, "followers_sum", "Overflow Falls")).isEqualTo(threeMax);
        assertThat(groupSum(Tables.SPEED_VIEW, "followers_sum", "Safe Harbour"))
                .isEqualTo(BigInteger.valueOf(jsonSafe).multiply(BigInteger.valueOf(1_100)));

        awaitCutoffCanPass(sentBy);
        batchRun();
        awaitExact("wide sums, batch run");
        assertThat(groupSum(Tables.BATCH_VIEW, "retweets_sum", "Overflow Falls")).isEqualTo(threeMax);

        Finished recompute = services.run(Service.BATCH, List.of("recompute"), RUN_TIMEOUT);
        assertThat(recompute.exitCode()).as(recompute.describe()).isZero();
        awaitExact("wide sums, full recompute");
        assertThat(groupSum(Tables.BATCH_VIEW, "favorites_sum", "Overflow Falls")).isEqualTo(threeMax);

        sendValid(List.of(new TweetEvent("5300000003", hour.plusSeconds(3), "1", max, "Overflow Falls", max, max, "en", null, null)));
        Instant nextSentBy = Instant.now();
        awaitExact("wide sums, next events in the speed layer");
        awaitCutoffCanPass(nextSentBy);
        batchRun();
        awaitExact("wide sums, next run");
        assertThat(groupSum(Tables.BATCH_VIEW, "followers_sum", "Overflow Falls"))
                .isEqualTo(BigInteger.valueOf(max).multiply(BigInteger.valueOf(4)));
    }

    // --- steps shared by the tests ---

    private static void awaitCutoffCanPass(Instant ingestedBy) throws InterruptedException {
        BatchCutoff.awaitPassable(ingestedBy, BUCKET, MARGIN);
    }

    /** Sends valid events straight to the topic (not through ingestion) and adds them to the truth. */
    private void sendValid(List<TweetEvent> events) throws Exception {
        List<Poison> records = events.stream().map(ForeignProducer::validEvent).toList();
        try (ForeignProducer producer = new ForeignProducer(stack.kafka().bootstrapServers(), sandbox.topic())) {
            producer.send(records);
        }
        events.forEach(truth::sent);
    }

    /** One measure of one location summed over a view table, exact. */
    private BigInteger groupSum(String table, String measure, String location) throws SQLException {
        try (Connection connection = sandbox.connect();
                PreparedStatement query = connection.prepareStatement("SELECT COALESCE(SUM(" + measure + "), 0) FROM " + table
                        + " WHERE location = ?")) {
            query.setString(1, location);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBigDecimal(1).toBigIntegerExact();
            }
        }
    }

    /**
     * Waits until serving_view and the API equal the truth. The API says {@code complete: true} once a recompute has
     * set the boundary; before the first one nothing proves that the speed layer still holds every event ever ingested.
     */
    private void awaitExact(String step) throws SQLException {
        pipeline.exactness().awaitExact(step, truth.view(), warehouse.recomputes() > 0, EXACT_TIMEOUT);
    }

    /** A workload of its own for each test (seeds never share event ids), created from now on. */
    private SyntheticWorkload workload(int test, long rate) {
        lastWorkload = new SyntheticWorkload(7_100 + test, Instant.now().truncatedTo(ChronoUnit.SECONDS), rate,
                SyntheticWorkload.DEFAULT_LATE_FRACTION, SyntheticWorkload.DEFAULT_MAX_LATENESS, 0.02, 0.005);
        return lastWorkload;
    }

    private static List<String> ingestArgs(SyntheticWorkload workload, long count) {
        List<String> args = new ArrayList<>(List.of("--source", "synthetic", "--count", Long.toString(count)));
        args.addAll(workload.toArguments());
        return args;
    }

    /** Ingests {@code count} records of a new workload as fast as possible and adds them to the truth. */
    private SyntheticWorkload ingestAll(int test, long count) throws InterruptedException {
        SyntheticWorkload workload = workload(test, 0);
        Finished ingested = services.run(Service.INGESTION, ingestArgs(workload, count), RUN_TIMEOUT);
        assertThat(ingested.exitCode()).as(ingested.describe()).isZero();
        truth.sent(workload, count);
        return workload;
    }

    /** Starts ingesting {@code count} records; returns once {@code part} of them are in the topic and it still sends. */
    private ChildProcess startIngestionAndAwaitPart(SyntheticWorkload workload, long count, long part) {
        long before = topic.count(sandbox.topic());
        ChildProcess ingestion = services.start(Service.INGESTION, ingestArgs(workload, count));
        awaitUntil("ingestion has sent " + part + " records", Duration.ofMinutes(2),
                () -> !ingestion.isAlive() || topic.count(sandbox.topic()) - before >= part);
        assertThat(ingestion.isAlive()).as("ingestion must still be sending: %s", ingestion.log()).isTrue();
        return ingestion;
    }

    /** Starts a batch run with small archive files; returns once it has uploaded its first one (still landing). */
    private ChildProcess startBatchRunAndAwaitFirstUpload() {
        long rawFiles = archive.count(ArchiveListing.RAW);
        ChildProcess landing = services.start(Service.BATCH, List.of("run"), SMALL_FILES);
        awaitUntil("the batch run has uploaded its first archive file", RUN_TIMEOUT,
                () -> !landing.isAlive() || archive.count(ArchiveListing.RAW) > rawFiles);
        assertThat(landing.isAlive()).as("the batch run must still be landing: %s", landing.log()).isTrue();
        return landing;
    }

    private static long uniqueEvents(SyntheticWorkload workload, long count) {
        return new SyntheticGenerator(workload).events(count).count();
    }

    private void batchRun() throws InterruptedException {
        batchRun(Map.of());
    }

    private void batchRun(Map<String, String> extraEnvironment) throws InterruptedException {
        Finished run = services.run(Service.BATCH, List.of("run"), extraEnvironment, RUN_TIMEOUT);
        assertThat(run.exitCode()).as(run.describe()).isZero();
    }

    /**
     * After a successful batch run, with nothing else producing: the whole topic is landed, every offset once in the
     * bookkeeping, and every valid landed record is one raw_batch row (whose key is its Kafka partition and offset).
     */
    private void assertLandingConsistent() throws Exception {
        Landing landing = warehouse.landing();
        assertThat(landing.landedOffsets()).as("landed offsets vs records in the topic").isEqualTo(topic.count(sandbox.topic()));
        assertThat(landing.validRecords() + landing.invalidRecords()).as("records of landing_runs vs landed offsets")
                .isEqualTo(landing.landedOffsets());
        assertThat(landing.rawRows()).as("raw_batch rows vs valid records of landing_runs").isEqualTo(landing.validRecords());
    }

    /** Stops the broker in the middle of the work, keeps it down a moment, and always starts it again. */
    private void restartKafka() {
        try {
            stack.kafka().stop();
            say("Kafka broker stopped");
            Thread.sleep(OUTAGE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stack.kafka().startAgain();
            say("Kafka broker started again");
        }
    }

    /** A speed job that gave up during an outage is restarted, as its supervisor would; it resumes from its checkpoint. */
    private void ensureSpeedRunning(String fault) {
        if (speed.isAlive()) {
            say("the speed job survived %s", fault);
            return;
        }
        say("the speed job exited %d during %s (%s); restarting it", speed.exitCode(), fault,
                String.join(" | ", speed.tail(2)));
        speed = pipeline.startSpeed();
    }

    /** A failure reported as one readable line: no stack trace anywhere in the output. */
    private static void assertOneLineFailure(Finished run) {
        List<String> output = run.output();
        assertThat(output).as(run.describe()).noneMatch(line -> STACK_FRAME.matcher(line).matches())
                .noneMatch(line -> line.startsWith("Caused by:") || line.startsWith("Exception in thread"));
        assertThat(lastLine(run)).as(run.describe()).isNotBlank();
    }

    private static String lastLine(Finished run) {
        List<String> output = run.output();
        return output.isEmpty() ? "" : output.get(output.size() - 1);
    }

    private static boolean logContains(ChildProcess child, String text) throws IOException {
        return Files.readString(child.log(), StandardCharsets.UTF_8).contains(text);
    }

    private void awaitServingUp() {
        pipeline.awaitServingUp(serving, RUN_TIMEOUT);
    }

    private void awaitUntil(String what, Duration timeout, Callable<Boolean> condition) {
        services.awaitUntil(what, timeout, condition);
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[fault] " + format + "%n", args);
    }
}
