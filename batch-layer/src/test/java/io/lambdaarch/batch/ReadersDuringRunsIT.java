package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Readers with server-side prepared statements query batch_view in a loop while 20 batch runs (incremental, and every
 * fifth one full) publish it: no query fails, and every snapshot a reader sees holds a whole run, never half of one:
 * batch_view's tweet count equals the first copies ingested before the latest cutoff, read in the same snapshot.
 */
@ExtendWith(LocalStackExtension.class)
class ReadersDuringRunsIT {
    private static final int RUNS = 20;
    private static StackSandbox sandbox;
    private static ConfigSource settings;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("readers_during_runs_it");
        settings = sandbox.configSource(Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s"));
    }

    @Test
    void shouldServeEveryQueryFromAWholeRunThrough20Runs() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong checks = new AtomicLong();
        List<String> failures = new ArrayList<>();
        Thread reader = new Thread(() -> read(stop, checks, failures), "batch-view-reader");
        List<Workload> workloads = new ArrayList<>();
        reader.start();
        try {
            for (int run = 0; run < RUNS; run++) {
                Workload workload = Workload.generate(500 + run, (run + 1) * 1_000_000_000L, 150, 2, 3, Instant.now(), 3);
                workloads.add(workload);
                TestKafka.sendWorkload(sandbox, workload);
                BatchCli.Result result = run % 5 == 4 ? BatchCli.run(settings, "run", "--full") : BatchCli.run(settings, "run");
                assertThat(result.exitCode()).as(result.toString()).isZero();
            }
        } finally {
            stop.set(true);
            reader.join();
        }

        synchronized (failures) {
            assertThat(failures).isEmpty();
        }
        assertThat(checks.get()).as("snapshots checked").isGreaterThan(RUNS);
        assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(Workload.truth(workloads));
        assertThat(TestWarehouse.count(sandbox, "batch_runs WHERE mode = 'full'")).isEqualTo(RUNS / 5 + 1);
    }

    private static void read(AtomicBoolean stop, AtomicLong checks, List<String> failures) {
        Properties properties = new Properties();
        properties.setProperty("user", sandbox.warehouseSettings().user());
        properties.setProperty("password", sandbox.warehouseSettings().password().reveal());
        // Server-side prepared statements from the first execution: what broke under a table renamed in.
        properties.setProperty("prepareThreshold", "1");
        try (Connection connection = DriverManager.getConnection(sandbox.warehouseSettings().jdbcUrl(), properties);
                PreparedStatement view = connection.prepareStatement("SELECT COALESCE(SUM(tweet_count), 0) FROM batch_view");
                PreparedStatement counted = connection.prepareStatement("SELECT COUNT(*) FROM first_copies WHERE ingest_time <"
                        + " (SELECT MAX(cutoff) FROM batch_runs WHERE finished_at = (SELECT MAX(finished_at) FROM batch_runs))")) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setAutoCommit(false);
            while (!stop.get()) {
                try {
                    long inView = single(view);
                    long firstCopies = single(counted);
                    connection.commit();
                    if (inView != firstCopies) {
                        fail(failures, "a snapshot with " + inView + " events in batch_view and " + firstCopies
                                + " first copies before its cutoff");
                    }
                    checks.incrementAndGet();
                } catch (SQLException e) {
                    connection.rollback();
                    fail(failures, e.getMessage());
                }
            }
        } catch (SQLException e) {
            fail(failures, e.getMessage());
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void fail(List<String> failures, String failure) {
        synchronized (failures) {
            if (failures.size() < 10) {
                failures.add(failure);
            }
        }
    }
}
