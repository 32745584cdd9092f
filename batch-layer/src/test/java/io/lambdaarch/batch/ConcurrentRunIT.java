package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lambdaarch.batch.lock.BatchLock;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.BatchProcess;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two runs started together (separate JVMs, as two cron invocations would be): one loads, the other waits; nothing twice. */
@ExtendWith(LocalStackExtension.class)
class ConcurrentRunIT {
    private static StackSandbox sandbox;
    private static Map<String, String> settings;
    private static Workload workload;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("concurrent_run_it");
        settings = new HashMap<>(sandbox.settings());
        settings.putAll(Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s"));
        workload = Workload.generate(11, 1_000_000_000L, 1500, 20, 3, Instant.now(), 3);
        TestKafka.sendWorkload(sandbox, workload);
    }

    @Test
    void shouldLoadOnceWhenTwoRunsStartTogether() throws Exception {
        List<BatchProcess> runs = new ArrayList<>();
        // The test holds the lock while both start, so both must wait for it: the overlap is certain, not a race.
        try (Connection holder = sandbox.connect();
                PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, BatchLock.KEY);
            lock.execute();
            runs.add(BatchProcess.start(settings, List.of(), "run", "--lock-timeout", "3m"));
            runs.add(BatchProcess.start(settings, List.of(), "run", "--lock-timeout", "3m"));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runs.stream().allMatch(r -> r.output().contains("Waiting up to 180 s for the batch lock")));

            BatchCli.Result impatient = BatchCli.run(sandbox.configSource(settings), "run", "--lock-timeout", "0s");

            assertThat(impatient.exitCode()).as(impatient.toString()).isEqualTo(3);
            assertThat(impatient.err()).contains("Another batch run holds the lock");
        }

        List<BatchCli.Result> results = new ArrayList<>();
        for (BatchProcess run : runs) {
            results.add(run.await(Duration.ofMinutes(3)));
        }

        assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.toString()).isZero());
        List<TestKafka.Coordinate> raw = TestWarehouse.rawCoordinates(sandbox);
        assertThat(raw).hasSize(workload.validRecords());
        assertThat(new HashSet<>(raw)).hasSize(raw.size());
        List<Long> landedPerRun = new ArrayList<>();
        TestWarehouse.query(sandbox, "SELECT valid_records FROM landing_runs", rows -> {
            while (rows.next()) {
                landedPerRun.add(rows.getLong(1));
            }
        });
        assertThat(landedPerRun).containsExactlyInAnyOrder((long) workload.validRecords(), 0L);
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(workload.truth());
        // The run that waited found the other's full recompute and added nothing twice; a full one agrees.
        assertThat(TestWarehouse.count(sandbox, "batch_runs WHERE mode = 'incremental'")).isEqualTo(1);
        BatchCli.Result full = BatchCli.run(sandbox.configSource(settings), "recompute", "--full");
        assertThat(full.exitCode()).as(full.toString()).isZero();
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(workload.truth());
    }
}
