package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.lock.BatchLock;
import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.localstack.metrics.MetricsCatalogue;
import io.lambdaarch.localstack.metrics.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job's textfile metrics against the embedded stack: a run's outcome, rows, cutoff, duration and lock wait
 * equal what it committed (the workload's truth and batch_runs), and a locked-out run says so without hiding the last
 * success.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchMetricsIT {
    private static final Map<String, String> RUN = Map.of("command", "run");
    @TempDir
    static Path metricsDir;
    private static StackSandbox sandbox;
    private static ConfigSource settings;
    private static Workload workload;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("batch_metrics_it");
        settings = sandbox.configSource(Map.of(
                "LAMBDA_INGEST_BUCKET", "1s",
                "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                BatchMetricsSettings.TEXTFILE_DIR.name(), metricsDir.toString()));
        workload = Workload.generate(5, 1_000_000_000L, 600, 15, 4, Instant.now(), 2);
        TestKafka.sendWorkload(sandbox, workload);
    }

    @Test
    @Order(1)
    void shouldWriteTheRunsOutcomeRowsCutoffDurationAndLockWait() throws Exception {
        Instant before = Instant.now();
        BatchCli.Result result = BatchCli.run(settings, "run");
        assertThat(result.exitCode()).as(result.toString()).isZero();

        PrometheusText run = PrometheusText.read(metricsDir.resolve("lambda_batch_run.prom"));
        assertThat(run.value("lambda_batch_run_outcome", Map.of("command", "run", "outcome", "succeeded"))).contains(1.0);
        assertThat(run.value("lambda_batch_run_outcome", Map.of("command", "run", "outcome", "failed"))).contains(0.0);
        assertThat(run.value("lambda_batch_run_rows_landed", RUN)).contains((double) workload.validRecords());
        assertThat(run.value("lambda_batch_run_rows_quarantined", RUN)).contains((double) workload.malformedRecords());
        Instant cutoff = TestWarehouse.latestCutoff(sandbox).orElseThrow();
        assertThat(run.value("lambda_batch_run_cutoff_timestamp_seconds", RUN)).contains(cutoff.toEpochMilli() / 1000.0);
        Instant landedThrough = TestWarehouse.latestLandedThrough(sandbox).orElseThrow();
        assertThat(run.value("lambda_batch_run_landed_through_timestamp_seconds", RUN))
                .contains(landedThrough.toEpochMilli() / 1000.0);
        double started = run.value("lambda_batch_run_started_timestamp_seconds", RUN).orElseThrow();
        double finished = run.value("lambda_batch_run_finished_timestamp_seconds", RUN).orElseThrow();
        assertThat(started).isGreaterThanOrEqualTo(before.toEpochMilli() / 1000.0);
        assertThat(run.value("lambda_batch_run_duration_seconds", RUN).orElseThrow())
                .isPositive().isCloseTo(finished - started, org.assertj.core.data.Offset.offset(0.002));
        assertThat(run.value("lambda_batch_run_lock_wait_seconds", RUN).orElseThrow())
                .isGreaterThanOrEqualTo(0).isLessThan(finished - started);
        PrometheusText success = PrometheusText.read(metricsDir.resolve("lambda_batch_run_success.prom"));
        assertThat(MetricsCatalogue.read().missingFrom("batch", PrometheusText.parse(run.text() + success.text())))
                .as("docs/operations.md series not exported (the lock holder's only by a locked-out run, checked below)")
                .isSubsetOf("lambda_batch_lock_held_seconds");
        assertThat(success.value("lambda_batch_last_success_timestamp_seconds", RUN)).contains(finished);
        // atomic writes: nothing half-written is left next to the files
        try (var files = Files.list(metricsDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("lambda_batch_run.prom", "lambda_batch_run_success.prom");
        }
    }

    @Test
    @Order(2)
    void shouldReportALockedOutRunAndKeepTheLastSuccess() throws Exception {
        double lastSuccess = PrometheusText.read(metricsDir.resolve("lambda_batch_run_success.prom"))
                .value("lambda_batch_last_success_timestamp_seconds", RUN).orElseThrow();
        try (Connection holder = sandbox.connect();
                PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, BatchLock.KEY);
            lock.execute();

            BatchCli.Result result = BatchCli.run(settings, "run", "--lock-timeout", "1s");

            assertThat(result.exitCode()).as(result.toString()).isEqualTo(3);
        }
        PrometheusText run = PrometheusText.read(metricsDir.resolve("lambda_batch_run.prom"));
        assertThat(run.value("lambda_batch_run_outcome", Map.of("command", "run", "outcome", "lock_held"))).contains(1.0);
        assertThat(run.value("lambda_batch_run_outcome", Map.of("command", "run", "outcome", "succeeded"))).contains(0.0);
        assertThat(run.value("lambda_batch_run_lock_wait_seconds", RUN).orElseThrow()).isGreaterThanOrEqualTo(1.0);
        assertThat(run.has("lambda_batch_lock_held_seconds")).as("the holder and how long it held the lock").isTrue();
        assertThat(run.has("lambda_batch_run_rows_landed")).isFalse();
        assertThat(PrometheusText.read(metricsDir.resolve("lambda_batch_run_success.prom"))
                .value("lambda_batch_last_success_timestamp_seconds", RUN)).contains(lastSuccess);
    }
}
