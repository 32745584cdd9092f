package io.lambdaarch.batch.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {
    private static final SQLException REDSHIFT_CONFLICT = new SQLException("ERROR: 1023 DETAIL: Serializable isolation"
            + " violation on table - 15225906, transactions forming the cycle are: 12827295, 12827297 (pid:31466)", "XX000");

    private final List<Duration> pauses = new ArrayList<>();
    private final List<String> logged = new ArrayList<>();
    private final ConflictRetry retry = new ConflictRetry(3, Duration.ofSeconds(1), pauses::add, logged::add);

    @Test
    void shouldReplayATransactionAbortedByASerializationConflictWithDoublingPauses() throws SQLException {
        int[] attempts = {0};

        String result = retry.run("recompute", () -> {
            if (++attempts[0] <= 2) {
                throw REDSHIFT_CONFLICT;
            }
            return "committed";
        });

        assertThat(result).isEqualTo("committed");
        assertThat(attempts[0]).isEqualTo(3);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(logged).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("recompute: serialization conflict")
                .contains("nothing was committed"));
    }

    @Test
    void shouldGiveUpAfterTheLastRetry() {
        int[] attempts = {0};

        assertThatThrownBy(() -> retry.run("recompute", () -> {
            attempts[0]++;
            throw REDSHIFT_CONFLICT;
        })).isSameAs(REDSHIFT_CONFLICT);
        assertThat(attempts[0]).isEqualTo(4);
    }

    @Test
    void shouldNotReplayOtherFailures() {
        SQLException lost = new SQLException("connection reset", "08006");
        int[] attempts = {0};

        assertThatThrownBy(() -> retry.run("recompute", () -> {
            attempts[0]++;
            throw lost;
        })).isSameAs(lost);
        assertThat(attempts[0]).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }
}
