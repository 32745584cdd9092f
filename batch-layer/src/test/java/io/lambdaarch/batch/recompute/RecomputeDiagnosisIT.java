package io.lambdaarch.batch.recompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.batch.testing.ReleaseBeforeWideSums;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.Ledger;
import io.lambdaarch.common.warehouse.FirstCopyIndex;
import io.lambdaarch.common.warehouse.PostgresWarehouse;
import io.lambdaarch.common.warehouse.SchemaInstaller;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A recompute that cannot finish says why: here batch_view still has the BIGINT measures of the release before wide
 * sums (as if its upgrade had not run), and one group's sum passes 2^63. The message names the group, its largest
 * events' ids and what to do, and says the other groups wait; once the upgrade has run, the next recompute succeeds.
 */
@ExtendWith(LocalStackExtension.class)
class RecomputeDiagnosisIT {
    private static final BigInteger MAX_COUNT = BigInteger.valueOf(Long.MAX_VALUE);

    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("recompute_diagnosis_it");
    }

    @Test
    void shouldNameTheGroupItsIdsAndWhatToDoThenSucceedOnceTheCauseIsGone() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ReleaseBeforeWideSums.create(connection, "release_not_upgraded");
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    statement.executeUpdate(String.format("INSERT INTO raw_batch VALUES ('%d', '2026-12-07 01:1%d', 'Oslo', %s, 0, 5,"
                            + " 0, %d, '2026-12-07 01:20')", 101 + i, i, MAX_COUNT, i));
                }
                statement.executeUpdate("INSERT INTO raw_batch VALUES ('201', '2026-12-07 01:30', 'Rome', 1, 2, 3, 1, 0,"
                        + " '2026-12-07 01:30')");
                statement.executeUpdate("INSERT INTO landing_runs VALUES ('land-1', 'tweets', '2026-12-07 02:00', '2026-12-07 02:00',"
                        + " '2026-12-07 02:00:30', 4, 0, 1, 100)");
                // Only the measures stay narrow: the first-copy index, batch_runs' mode, lang and the views' ledger are
                // there, as landing keeps them.
                statement.execute("ALTER TABLE batch_runs ADD COLUMN mode VARCHAR(16)");
                statement.execute("ALTER TABLE raw_batch ADD COLUMN lang VARCHAR(1024)");
                statement.execute("CREATE TABLE view_definitions (name VARCHAR(64) PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL,"
                        + " state VARCHAR(16) NOT NULL, since TIMESTAMP NOT NULL)");
                statement.execute("CREATE TABLE first_copies (LIKE raw_batch)");
                statement.execute("ALTER TABLE first_copies ADD PRIMARY KEY (event_id)");
            }
            new FirstCopyIndex(new PostgresWarehouse()).rebuild(connection);
            Recomputer recomputer = new Recomputer(new PostgresWarehouse(), Ledger.unqualified(), "tweets",
                    Duration.ofHours(1), Duration.ofHours(24), CrashPoints.none(new PrintWriter(new StringWriter())),
                    Clock.fixed(Instant.parse("2026-12-07T02:01:00Z"), ZoneOffset.UTC));
            connection.setAutoCommit(false);

            assertThatExceptionOfType(TerseException.class)
                    .isThrownBy(() -> recomputer.recompute(connection, "run-1", false))
                    .withMessageStartingWith("recompute cannot finish: 1 group(s) of the rows before cutoff 2026-12-07T02:00:00Z")
                    .withMessageContaining("group (event_hour 2026-12-07T01:00:00Z, location 'Oslo'): followers_sum about 2.767E+19,"
                            + " above the BIGINT maximum 9223372036854775807; largest events (ids): 101, 102, 103")
                    .withMessageContaining("Nothing was published: batch_view keeps its previous recompute, so every other group"
                            + " waits for these.")
                    .withMessageContaining("What to do: batch_view's measures are narrower than NUMERIC(38, 0)")
                    .withMessageNotContaining("Rome")
                    .withMessageNotContaining("retweets_sum");
            assertThat(TestWarehouse.rows(connection, "SELECT COUNT(*) FROM batch_view")).containsExactly("0");
            assertThat(TestWarehouse.rows(connection, "SELECT COUNT(*) FROM batch_runs")).containsExactly("0");

            // The cause goes: this release's installer widens the measures.
            connection.setAutoCommit(true);
            new SchemaInstaller(new PostgresWarehouse()).install(connection);
            connection.setAutoCommit(false);

            RecomputeResult result = recomputer.recompute(connection, "run-2", false);

            assertThat(result.run().cutoff()).isEqualTo(Instant.parse("2026-12-07T02:00:00Z"));
            assertThat(TestWarehouse.rows(connection, "SELECT location, tweet_count, followers_sum, favorites_sum, retweets_sum FROM batch_view"
                    + " ORDER BY location")).containsExactly(
                            "Oslo|3|" + MAX_COUNT.multiply(BigInteger.valueOf(3)) + "|0|15",
                            "Rome|1|1|2|3");
            connection.rollback();
        }
    }
}
