package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.ReleaseBeforeWideSums;
import io.lambdaarch.common.ledger.BatchRunsReader;
import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.common.warehouse.PostgresWarehouse;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A warehouse made by the release before wide sums (its schema.sql kept as a fixture), with data in it, upgraded in place
 * by this release's schema installer: the rows survive, the measures become NUMERIC(38, 0), serving_view still merges
 * them, and sums past 2^63 fit from then on.
 */
@ExtendWith(LocalStackExtension.class)
class SchemaUpgradeIT {
    private static final BigInteger MAX_COUNT = BigInteger.valueOf(Long.MAX_VALUE);
    private static final List<String> VIEW_TABLES = List.of("batch_view", "speed_view");
    private static final List<String> MEASURES = List.of("tweet_count", "followers_sum", "favorites_sum", "retweets_sum");

    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("schema_upgrade_it");
    }

    @Test
    void shouldWidenTheMeasuresOfAnExistingWarehouseAndKeepItsRows() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ReleaseBeforeWideSums.create(connection, "release_upgraded");
            fillAsTheOldReleaseWould(connection);
            // Roles belong to the cluster: its superuser (local logins are trusted) creates the reader.
            try (Connection admin = connectAs("postgres"); Statement statement = admin.createStatement()) {
                statement.execute("DO $$ BEGIN CREATE ROLE upgrade_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("GRANT SELECT ON serving_view TO upgrade_reader");
            }
            Map<String, List<String>> before = contents(connection);
            assertThat(measureTypes(connection)).containsOnly("bigint");

            new SchemaInstaller(new PostgresWarehouse()).install(connection);

            assertThat(measureTypes(connection)).containsOnly("numeric(38,0)");
            assertThat(contents(connection)).isEqualTo(before);
            assertThat(TestWarehouse.rows(connection, "SELECT COUNT(*), COUNT(lang) FROM raw_batch"))
                    .as("lang added, NULL in the old rows (views read it as und)").containsExactly("1|0");
            assertThat(TestWarehouse.rows(connection, "SELECT has_table_privilege('upgrade_reader', 'serving_view', 'SELECT')"))
                    .as("a reader of serving_view keeps its grant").containsExactly("t");
            // serving_view was created again over the wide columns, and merges as before: batch + speed at or after the cutoff.
            assertThat(TestWarehouse.rows(connection, "SELECT location, tweet_count, followers_sum FROM serving_view ORDER BY location"))
                    .containsExactly("Oslo|5|" + MAX_COUNT.subtract(BigInteger.valueOf(3)), "Rome|1|1");

            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO speed_view VALUES ('2026-12-07 03:00', '2026-12-07 01:00', 'Oslo', 3, "
                        + MAX_COUNT.multiply(BigInteger.valueOf(3)) + ", 0, 0)");
            }
            assertThat(TestWarehouse.rows(connection, "SELECT followers_sum FROM serving_view WHERE location = 'Oslo'"))
                    .containsExactly(MAX_COUNT.multiply(BigInteger.valueOf(4)).subtract(BigInteger.valueOf(3)).toString());

            new SchemaInstaller(new PostgresWarehouse()).install(connection);
            assertThat(measureTypes(connection)).containsOnly("numeric(38,0)");
        }
    }

    @Test
    void shouldBackfillTheFirstCopyIndexOnceAndReadTheOldRunsAsFull() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ReleaseBeforeWideSums.create(connection, "release_before_first_copies");
            try (Statement statement = connection.createStatement()) {
                // id 7: two copies ingested in the same millisecond, the lower partition wins; id 8: the earlier copy wins.
                statement.executeUpdate("INSERT INTO raw_batch VALUES ('7', '2026-12-07 01:10', 'Oslo', 1, 0, 0, 1, 0, '2026-12-07 01:10:05'),"
                        + " ('7', '2026-12-07 01:10', 'Oslo', 1, 0, 0, 0, 3, '2026-12-07 01:10:05'),"
                        + " ('8', '2026-12-07 01:20', 'Rome', 2, 0, 0, 0, 1, '2026-12-07 01:20:00'),"
                        + " ('8', '2026-12-07 01:25', 'Bonn', 5, 0, 0, 0, 2, '2026-12-07 01:30:00')");
                statement.executeUpdate("INSERT INTO batch_runs VALUES ('run-1', '2026-12-07 02:00', '2026-12-07 02:01',"
                        + " '2026-12-07 02:00', 3600, 4, 2, 60000, 'succeeded')");
            }

            new SchemaInstaller(new PostgresWarehouse()).install(connection);

            List<String> index = TestWarehouse.rows(connection,
                    "SELECT event_id, location, kafka_partition, kafka_offset FROM first_copies ORDER BY event_id");
            assertThat(index).containsExactly("7|Oslo|0|3", "8|Rome|0|1");
            assertThat(TestWarehouse.rows(connection, "SELECT run_id, mode FROM batch_runs")).containsExactly("run-1|null");
            assertThat(new BatchRunsReader(LedgerTables.unqualified()).latestFullFinishedAt(connection))
                    .as("a run of the release before incremental runs was full")
                    .contains(Instant.parse("2026-12-07T02:01:00Z"));

            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM first_copies WHERE event_id = '8'");
            }
            new SchemaInstaller(new PostgresWarehouse()).install(connection);
            assertThat(TestWarehouse.rows(connection, "SELECT event_id FROM first_copies ORDER BY event_id"))
                    .as("the backfill runs once, in the transaction that creates the index").containsExactly("7");
        }
    }

    @Test
    void shouldLeaveTheWarehouseAsItWasWhenAnotherViewBlocksTheUpgrade() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ReleaseBeforeWideSums.create(connection, "release_blocked");
            fillAsTheOldReleaseWould(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE VIEW my_report AS SELECT location, followers_sum FROM batch_view");
            }
            Map<String, List<String>> before = contents(connection);

            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> new SchemaInstaller(new PostgresWarehouse()).install(connection))
                    .withMessageStartingWith("Cannot widen the measures of [batch_view, speed_view] to NUMERIC(38, 0)")
                    .withMessageContaining("my_report")
                    .withMessageContaining("Nothing was changed")
                    .withMessageContaining("drop it, start again and create it again");

            assertThat(measureTypes(connection)).containsOnly("bigint");
            assertThat(contents(connection)).isEqualTo(before);
            assertThat(TestWarehouse.rows(connection, "SELECT location, followers_sum FROM serving_view ORDER BY 1"))
                    .containsExactly("Oslo|" + MAX_COUNT.subtract(BigInteger.valueOf(3)), "Rome|1");

            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP VIEW my_report");
            }
            new SchemaInstaller(new PostgresWarehouse()).install(connection);
            assertThat(measureTypes(connection)).containsOnly("numeric(38,0)");
            assertThat(contents(connection)).isEqualTo(before);
        }
    }

    private static Connection connectAs(String user) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", "");
        return DriverManager.getConnection(sandbox.warehouseSettings().jdbcUrl(), properties);
    }

    /** Rows as the old release wrote them: a recompute's batch_view and batch_runs row, speed rows on both sides of it. */
    private static void fillAsTheOldReleaseWould(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO raw_batch VALUES ('1', '2026-12-07 01:10', 'Oslo', " + MAX_COUNT
                    + ", 1, 2, 0, 0, '2026-12-07 01:10:05')");
            // 2^63-11: the old serving_view's BIGINT sum with the speed row's 7 still fits.
            statement.executeUpdate("INSERT INTO batch_view VALUES ('2026-12-07 01:00', 'Oslo', 4, " + MAX_COUNT.subtract(BigInteger.TEN)
                    + ", 1, 2)");
            statement.executeUpdate("INSERT INTO batch_runs VALUES ('run-1', '2026-12-07 02:00', '2026-12-07 02:01',"
                    + " '2026-12-07 02:00', 3600, 1, 1, 60000, 'succeeded')");
            statement.executeUpdate("INSERT INTO speed_view VALUES ('2026-12-07 01:00', '2026-12-07 01:00', 'Oslo', 9, 9, 9, 9),"
                    + " ('2026-12-07 02:00', '2026-12-07 01:00', 'Oslo', 1, 7, 0, 0),"
                    + " ('2026-12-07 02:00', '2026-12-07 01:00', 'Rome', 1, 1, 1, 1)");
        }
    }

    /** Every row of the tables the upgrade touches and of the bookkeeping it must not, as text. */
    private static Map<String, List<String>> contents(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : List.of("raw_batch", "batch_view", "speed_view", "batch_runs")) {
            // The columns the old release had (the upgrade adds batch_runs.mode and raw_batch.lang, NULL for its rows).
            String columns = switch (table) {
                case "batch_runs" -> "run_id, started_at, finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out,"
                        + " duration_ms, status";
                case "raw_batch" -> "event_id, created_at, location, followers_count, favorite_count, retweet_count,"
                        + " kafka_partition, kafka_offset, ingest_time";
                default -> "*";
            };
            tables.put(table, TestWarehouse.rows(connection, "SELECT " + columns + " FROM " + table + " ORDER BY 1, 2, 3"));
        }
        return tables;
    }

    private static List<String> measureTypes(Connection connection) throws SQLException {
        return TestWarehouse.rows(connection, "SELECT DISTINCT CASE WHEN data_type = 'numeric' THEN 'numeric(' || numeric_precision || ','"
                + " || numeric_scale || ')' ELSE data_type END FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name IN ('" + String.join("', '", VIEW_TABLES) + "')"
                + " AND column_name IN ('" + String.join("', '", MEASURES) + "')");
    }
}
