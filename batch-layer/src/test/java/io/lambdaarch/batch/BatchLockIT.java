package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.batch.lock.PostgresAdvisoryLock;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.common.sql.SchemaInstaller;
import io.lambdaarch.common.sql.WarehouseConnector;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The batch lock, visible, against the embedded PostgreSQL: status names the holder and how long it has held the
 * lock; a run that finds it held past LAMBDA_BATCH_LOCK_STALE_AFTER exits 4, not 3; connections carry the socket timeout.
 */
@ExtendWith(LocalStackExtension.class)
class BatchLockIT {
    private static final Pattern HELD_SECONDS = Pattern.compile("held_seconds (\\d+)");

    private static StackSandbox sandbox;
    private static Map<String, String> settings;

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("batch_lock_it");
        settings = new HashMap<>(sandbox.settings());
        settings.putAll(Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s", "LAMBDA_BATCH_KAFKA_TIMEOUT", "3s"));
        WarehouseConnector connector = new WarehouseConnector(sandbox.warehouseSettings());
        try (Connection connection = connector.open()) {
            new SchemaInstaller(connector.dialect()).install(connection);
        }
    }

    @Test
    void shouldShowTheHolderAndReportAStaleLockWithItsOwnExitCode() throws Exception {
        BatchCli.Result free = BatchCli.run(configSource(Map.of()), "status");
        assertThat(free.out()).as(free.toString()).contains("batch lock: free");

        Instant before = Instant.now();
        try (Connection holder = sandbox.connect()) {
            try (PreparedStatement name = holder.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                name.setString(1, PostgresAdvisoryLock.APPLICATION_PREFIX + "stuck-by-test");
                name.execute();
            }
            try (PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, PostgresAdvisoryLock.KEY);
                lock.execute();
            }
            Thread.sleep(1500);

            BatchCli.Result status = BatchCli.run(configSource(Map.of()), "status");
            long heldSeconds = heldSeconds(status.out());
            assertThat(status.out()).as(status.toString()).contains("batch lock: held by lambda-batch stuck-by-test",
                    "holding it since ").doesNotContain("STALE");
            assertThat(heldSeconds).isBetween(1L, Duration.between(before, Instant.now()).toSeconds() + 1);

            BatchCli.Result waited = BatchCli.run(configSource(Map.of()), "run", "--lock-timeout", "1s");
            assertThat(waited.exitCode()).as(waited.toString()).isEqualTo(3);
            assertThat(waited.err()).startsWith("LOCKED: Another batch run holds the lock (lambda-batch stuck-by-test");

            // Four hours later by the job's clock: past the default LAMBDA_BATCH_LOCK_STALE_AFTER of 3h.
            Clock later = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofHours(4));
            BatchCli.Result stale = BatchCli.run(configSource(Map.of()), later, "run", "--lock-timeout", "1s");
            assertThat(stale.exitCode()).as(stale.toString()).isEqualTo(4);
            assertThat(stale.err().strip()).startsWith("STALE LOCK: The batch lock has been held for 4h")
                    .contains("past LAMBDA_BATCH_LOCK_STALE_AFTER (3h)", "lambda-batch stuck-by-test", "Nothing was changed")
                    .doesNotContain("\n");

            BatchCli.Result shortSetting = BatchCli.run(configSource(Map.of("LAMBDA_BATCH_LOCK_STALE_AFTER", "1s")),
                    "run", "--lock-timeout", "0s");
            assertThat(shortSetting.exitCode()).as(shortSetting.toString()).isEqualTo(4);
            BatchCli.Result staleStatus = BatchCli.run(configSource(Map.of("LAMBDA_BATCH_LOCK_STALE_AFTER", "1s")), "status");
            assertThat(staleStatus.out()).contains("STALE: past LAMBDA_BATCH_LOCK_STALE_AFTER (1s)");
        }
        assertThat(TestWarehouse.count(sandbox, "landing_runs")).isZero();
        BatchCli.Result released = BatchCli.run(configSource(Map.of()), "status");
        assertThat(released.out()).contains("batch lock: free");
    }

    @Test
    void shouldGiveWarehouseConnectionsTheSocketTimeout() throws Exception {
        WarehouseSettings configured = WarehouseSettings.from(new ConfigReader(
                configSource(Map.of("LAMBDA_WAREHOUSE_SOCKET_TIMEOUT", "2s"))));
        try (Connection connection = new WarehouseConnector(configured).open()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(2000);
            long started = System.nanoTime();
            assertThatThrownBy(() -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_sleep(30)");
                }
            }).isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        }
        try (Connection connection = new WarehouseConnector(sandbox.warehouseSettings()).open()) {
            assertThat(connection.getNetworkTimeout()).isEqualTo(3_600_000);
        }
    }

    private static long heldSeconds(String out) {
        Matcher matcher = HELD_SECONDS.matcher(out);
        assertThat(matcher.find()).as(out).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static ConfigSource configSource(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(settings);
        all.putAll(overrides);
        return ConfigSource.of(all);
    }
}
