package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestArchive;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** The acceptance run: a messy workload through {@code run}, checked against a truth computed from the workload. */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchRunIT {
    private static StackSandbox sandbox;
    private static ConfigSource settings;
    private static Workload workload;
    private static List<TestKafka.Coordinate> validCoordinates;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("batch_run_it");
        settings = sandbox.configSource(Map.of(
                "LAMBDA_INGEST_BUCKET", "1s",
                "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                // small files, so one run cuts several per partition
                "LAMBDA_BATCH_FILE_MAX_RECORDS", "700",
                "LAMBDA_BATCH_FILE_MAX_BYTES", "200000",
                "LAMBDA_BATCH_PROGRESS_INTERVAL", "100ms"));
        workload = Workload.generate(42, 1_000_000_000L, 4000, 90, 6, Instant.now(), 3);
        validCoordinates = TestKafka.sendWorkload(sandbox, workload);
    }

    @Test
    @Order(1)
    void shouldBuildBatchViewEqualToTheTruthOfTheWorkload() {
        BatchCli.Result result = BatchCli.run(settings, "run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        // Through the archive and PostgreSQL's COPY, emoji, 4-byte characters and hostile text come out exactly.
        assertThat(workload.truth().keySet()).extracting(Workload.ViewKey::location)
                .contains("Café 😀 Zürich 🇩🇪", "𝄞 𠜎 score", "\\N", "'; DROP TABLE raw_batch; --");
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(workload.truth());
        // The day grain, committed with batch_view: its rows summed by UTC day.
        assertThat(TestWarehouse.dayGrain(sandbox)).isEqualTo(TestWarehouse.byDay(workload.truth()));
        assertThat(result.out()).contains("land: ", "records/s", "remaining lag", "landed " + String.format("%,d",
                workload.validRecords()) + " records", "recompute ", "run ");
    }

    @Test
    @Order(2)
    void shouldHoldEachValidRecordOnceInRawBatch() {
        List<TestKafka.Coordinate> raw = TestWarehouse.rawCoordinates(sandbox);

        assertThat(raw).hasSize(workload.validRecords());
        assertThat(new HashSet<>(raw)).hasSize(raw.size()).isEqualTo(new HashSet<>(validCoordinates));
        assertThat(TestWarehouse.landingOffsets(sandbox)).hasSize(3);
        assertThat(TestWarehouse.landingOffsets(sandbox).values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(workload.validRecords() + workload.malformedRecords());
    }

    @Test
    @Order(3)
    void shouldQuarantineEveryMalformedRecordWithItsOriginalBytes() {
        List<JsonNode> quarantined = TestArchive.lines(sandbox, "quarantine/tweets/");

        assertThat(quarantined).hasSize(workload.malformedRecords());
        Set<String> expectedValues = new HashSet<>();
        workload.first().stream().filter(m -> !m.valid())
                .forEach(m -> expectedValues.add(m.value() == null ? "null" : Base64.getEncoder().encodeToString(m.value())));
        Set<String> archivedValues = new HashSet<>();
        quarantined.forEach(line -> archivedValues.add(line.get("value_base64").isNull() ? "null" : line.get("value_base64").asText()));
        assertThat(archivedValues).isEqualTo(expectedValues);
        assertThat(quarantined).allSatisfy(line -> {
            assertThat(line.get("reason").asText()).isNotBlank();
            assertThat(line.get("detail").asText()).isNotBlank();
            assertThat(line.has("kafka_partition") && line.has("kafka_offset") && line.has("ingest_time")).isTrue();
            assertThat(new String(Base64.getDecoder().decode(line.get("key_base64").asText()), StandardCharsets.UTF_8))
                    .startsWith("bad-");
        });
    }

    @Test
    @Order(4)
    void shouldWriteDeterministicKeysAndARawArchiveMatchingRawBatch() {
        List<String> rawKeys = TestArchive.keys(sandbox, "raw/");
        List<String> quarantineKeys = TestArchive.keys(sandbox, "quarantine/");

        assertThat(rawKeys).hasSizeGreaterThan(3).allMatch(k -> k.matches(
                "raw/tweets/ingest_date=\\d{4}-\\d{2}-\\d{2}/part-[0-2]-\\d+-\\d+\\.jsonl\\.gz"));
        assertThat(quarantineKeys).isNotEmpty().allMatch(k -> k.matches(
                "quarantine/tweets/ingest_date=\\d{4}-\\d{2}-\\d{2}/part-[0-2]-\\d+-\\d+\\.jsonl\\.gz"));
        List<JsonNode> rawLines = TestArchive.lines(sandbox, "raw/");
        assertThat(rawLines).hasSize(workload.validRecords());
        assertThat(rawLines).allSatisfy(line -> assertThat(line.get("ingest_time").asText()).endsWith("Z"));
        // UTF-8 as it arrived: 4-byte characters as their four bytes, never as escaped surrogate pairs.
        String archived = new String(TestArchive.bytes(sandbox, "raw/"), StandardCharsets.UTF_8);
        assertThat(archived).contains("\"location\":\"Café 😀 Zürich 🇩🇪\"", "\"location\":\"𝄞 𠜎 score\"")
                .doesNotContainPattern("\\\\u[dD][89abAB]");
        assertThat(TestArchive.keys(sandbox, "manifests/")).anyMatch(k -> k.endsWith(".manifest"));
    }

    @Test
    @Order(5)
    void shouldAdvanceLandedThroughOnAnIdleTopicWithoutLoadingAnything() throws InterruptedException {
        Instant before = TestWarehouse.latestLandedThrough(sandbox).orElseThrow();
        Thread.sleep(1100);

        BatchCli.Result result = BatchCli.run(settings, "run");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(TestWarehouse.latestLandedThrough(sandbox).orElseThrow()).isAfter(before);
        assertThat(TestWarehouse.count(sandbox, "raw_batch")).isEqualTo(workload.validRecords());
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(workload.truth());
        assertThat(TestWarehouse.dayGrain(sandbox)).isEqualTo(TestWarehouse.byDay(workload.truth()));
        assertThat(TestWarehouse.count(sandbox, "batch_runs")).isEqualTo(2);
    }

    @Test
    @Order(7)
    void shouldTakeLandedThroughFromTheBrokerClockWhenAProbeTopicIsSet() {
        String probeTopic = "clock_probe_batch_run_it";
        sandbox.stack().kafka().createTopic(probeTopic, 1, Map.of("message.timestamp.type", "LogAppendTime"));
        // The job's host clock runs an hour ahead: without the probe, landed_through would claim an hour not yet landed.
        Clock aheadByAnHour = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
        Instant before = Instant.now();

        BatchCli.Result result = BatchCli.run(settings.withOverrides(Map.of("LAMBDA_BATCH_CLOCK_PROBE_TOPIC", probeTopic), "test"),
                aheadByAnHour, "land");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(TestWarehouse.latestLandedThrough(sandbox).orElseThrow())
                .isBetween(before.minusSeconds(2), Instant.now());
    }

    @Test
    @Order(6)
    void shouldReportOffsetsLagAndRunsInStatus() {
        BatchCli.Result result = BatchCli.run(settings, "status");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("partition", "landed up to", "total lag 0 records", "landed_through ",
                "last cutoff ");
    }

    @Test
    @Order(7)
    void shouldReportStatusAsCsvAndJson() throws IOException {
        BatchCli.Result csv = BatchCli.run(settings, "status", "--format", "csv");

        assertThat(csv.exitCode()).as(csv.toString()).isZero();
        List<String> lines = csv.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("topic,partition,landed_up_to,end_offset,lag,landed_through,last_cutoff");
        assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(line -> {
            String[] fields = line.split(",", -1);
            assertThat(fields).hasSize(7);
            assertThat(fields[2]).as("landed up to the end offset").isEqualTo(fields[3]);
            assertThat(fields[4]).isEqualTo("0");
            assertThat(fields[5]).isNotEmpty();
            assertThat(fields[6]).isNotEmpty();
        });

        BatchCli.Result json = BatchCli.run(settings, "status", "--format", "json");

        assertThat(json.exitCode()).as(json.toString()).isZero();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("total_lag").asLong(-1)).isZero();
        assertThat(report.path("partitions")).hasSize(lines.size() - 1);
        assertThat(report.path("landed_through").asText()).isEqualTo(lines.get(1).split(",", -1)[5]);
        assertThat(report.path("recompute_run").path("status").asText()).isNotEmpty();
        assertThat(report.path("last_cutoff").asText()).isEqualTo(lines.get(1).split(",", -1)[6]);
    }
}
