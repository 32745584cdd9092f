package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.BatchProcess;
import io.lambdaarch.batch.testing.TestArchive;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills the job (in a child JVM, with Runtime.halt as kill -9 would) at every crash point, checks the warehouse is as
 * it was before the interrupted step, then runs again and checks the view still equals the truth with no record
 * loaded twice. The workloads accumulate in one sandbox, so each retry also lands on top of earlier runs.
 */
@ExtendWith(LocalStackExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashRecoveryIT {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);
    private static final List<Workload> workloads = new ArrayList<>();
    private static StackSandbox sandbox;
    private static Map<String, String> settings;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("crash_recovery_it");
        settings = new HashMap<>(sandbox.settings());
        settings.putAll(Map.of(
                "LAMBDA_INGEST_BUCKET", "1s",
                "LAMBDA_BATCH_CLOCK_MARGIN", "0s",
                "LAMBDA_BATCH_FILE_MAX_RECORDS", "150"));
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    @Order(1)
    void shouldFinishTheJobAfterACrashWithNoDuplicateAndNoLoss(CrashPoint point) {
        produce(point.ordinal());
        Snapshot before = Snapshot.take();
        List<String> rawKeysBefore = TestArchive.keys(sandbox, "raw/");

        // The full recompute's crash point is reached by a full run; every other one by the usual (incremental) run.
        List<String> args = new ArrayList<>(List.of("run", "--crash-at", point.externalName()));
        if (point == CrashPoint.DURING_RECOMPUTE) {
            args.add("--full");
        }
        BatchCli.Result crashed = BatchProcess.run(settings, List.of("-Xmx256m"), CHILD_TIMEOUT, args.toArray(String[]::new));

        assertThat(crashed.exitCode()).as(crashed.toString()).isEqualTo(CrashPoint.HALT_STATUS);
        assertThat(crashed.out()).contains("CRASH: halting at crash point " + point.externalName());
        Snapshot after = Snapshot.take();
        // Whatever the crash interrupted, the day grain still agrees with batch_view: they commit together.
        assertThat(TestWarehouse.dayGrain(sandbox)).isEqualTo(TestWarehouse.byDay(TestWarehouse.batchView(sandbox)));
        if (point == CrashPoint.DURING_RECOMPUTE || point == CrashPoint.DURING_INCREMENTAL) {
            // The landing step committed before the recompute began; the interrupted recompute left no trace.
            assertThat(after.landingRuns).isEqualTo(before.landingRuns + 1);
            assertThat(after.batchView).isEqualTo(before.batchView);
            assertThat(after.batchRuns).isEqualTo(before.batchRuns);
        } else {
            assertThat(after).isEqualTo(before);
            if (point == CrashPoint.MID_COPY || point == CrashPoint.AFTER_FIRST_COPIES) {
                // Files upload in the background, overlapping the COPY and the first-copy index: none need be in S3 yet.
                assertThat(TestArchive.keys(sandbox, "raw/")).hasSizeGreaterThanOrEqualTo(rawKeysBefore.size());
            } else {
                assertThat(TestArchive.keys(sandbox, "raw/")).hasSizeGreaterThan(rawKeysBefore.size());
            }
        }

        if (point == CrashPoint.AFTER_UPLOAD) {
            // More data before the retry: it cuts a longer last file per partition, next to the killed run's shorter one.
            produce(10);
        }
        BatchCli.Result retried = BatchCli.run(sandbox.configSource(settings), "run");

        assertThat(retried.exitCode()).as(retried.toString()).isZero();
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(Workload.truth(workloads));
        assertThat(TestWarehouse.dayGrain(sandbox)).isEqualTo(TestWarehouse.byDay(Workload.truth(workloads)));
        List<TestKafka.Coordinate> raw = TestWarehouse.rawCoordinates(sandbox);
        assertThat(new HashSet<>(raw)).hasSize(raw.size());
        assertThat(raw).hasSize(workloads.stream().mapToInt(Workload::validRecords).sum());
        assertThat(TestWarehouse.count(sandbox, "first_copies")).isEqualTo(Workload.truth(workloads).values().stream()
                .mapToLong(measures -> measures.get(0)).sum());

        BatchCli.Result full = BatchCli.run(sandbox.configSource(settings), "recompute", "--full");

        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(TestWarehouse.batchView(sandbox)).as("a full recompute after the retry").isEqualTo(Workload.truth(workloads));
    }

    @Test
    @Order(2)
    void shouldRebuildTheSameRawBatchFromAnArchiveHoldingFilesOfKilledRuns() {
        Map<Workload.ViewKey, List<Long>> view = TestWarehouse.batchView(sandbox);
        long rows = TestWarehouse.count(sandbox, "raw_batch");
        List<String> firstCopies = firstCopies();

        BatchCli.Result replayed = BatchCli.run(sandbox.configSource(settings), "replay-archive");

        assertThat(replayed.exitCode()).as(replayed.toString()).isZero();
        assertThat(TestWarehouse.count(sandbox, "raw_batch")).isEqualTo(rows);
        assertThat(firstCopies()).as("the first-copy index rebuilt from the archive").isEqualTo(firstCopies);
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(view).isEqualTo(Workload.truth(workloads));
        assertThat(TestWarehouse.dayGrain(sandbox)).isEqualTo(TestWarehouse.byDay(view));
    }

    private static List<String> firstCopies() {
        try (Connection connection = sandbox.connect()) {
            return TestWarehouse.rows(connection, "SELECT event_id, kafka_partition, kafka_offset FROM first_copies ORDER BY event_id");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void produce(int index) {
        Workload workload = Workload.generate(100 + index, (index + 2) * 1_000_000_000L, 600, 12, 4, Instant.now(), 3);
        workloads.add(workload);
        TestKafka.sendWorkload(sandbox, workload);
    }

    /** The warehouse state a crash must not change. */
    private record Snapshot(Map<Integer, Long> offsets, long rawRows, long firstCopies, long landingRuns, long batchRuns,
            Map<Workload.ViewKey, List<Long>> batchView) {
        static Snapshot take() {
            return new Snapshot(TestWarehouse.landingOffsets(sandbox), TestWarehouse.count(sandbox, "raw_batch"),
                    TestWarehouse.count(sandbox, "first_copies"),
                    TestWarehouse.count(sandbox, "landing_runs"), TestWarehouse.count(sandbox, "batch_runs"),
                    TestWarehouse.batchView(sandbox));
        }
    }
}
