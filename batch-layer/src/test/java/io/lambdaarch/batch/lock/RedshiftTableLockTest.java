package io.lambdaarch.batch.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedshiftTableLockTest {

    @Test
    void shouldBoundTheWaitForTheLockTableWithAStatementTimeout() {
        assertThat(RedshiftTableLock.lockStatements(Duration.ofSeconds(30))).containsExactly(
                "SET statement_timeout TO 30000", "LOCK batch_lock", "SET statement_timeout TO 0");
    }

    @Test
    void shouldNotWaitForeverWhenTheTimeoutIsZero() {
        // statement_timeout 0 would mean no limit at all
        assertThat(RedshiftTableLock.lockStatements(Duration.ZERO)).first().isEqualTo("SET statement_timeout TO 1");
    }
}
