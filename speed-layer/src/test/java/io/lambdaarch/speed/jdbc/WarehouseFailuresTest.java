package io.lambdaarch.speed.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class WarehouseFailuresTest {
    @Test
    void shouldRetryLostConnectionsAndSerializationConflicts() {
        assertThat(WarehouseFailures.isTransient(new SQLException("connection refused", "08001"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new RuntimeException(new SQLException("reset", "08006")))).isTrue();
    }

    @Test
    void shouldNotRetryMistakesThatARetryCannotFix() {
        assertThat(WarehouseFailures.isTransient(new SQLException("value too long", "22001"))).isFalse();
        assertThat(WarehouseFailures.isTransient(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(WarehouseFailures.isTransient(new SQLException("no state"))).isFalse();
    }
}
