package io.lambdaarch.common.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class WarehouseFailuresTest {
    /** As Redshift's JDBC driver reports it (message as in AWS's serializable isolation troubleshooting). */
    private static final SQLException REDSHIFT_JDBC = new SQLException("ERROR: 1023 DETAIL: Serializable isolation violation"
            + " on table - 15225906, transactions forming the cycle are: 12827295, 12827297 (pid:31466)", "XX000");
    /** The same through the ODBC driver, and with the detail on its own line as psql-style messages have it. */
    private static final SQLException REDSHIFT_ODBC = new SQLException("[Amazon][Amazon Redshift] (30) Error occurred while"
            + " trying to execute a query: [SQLState HY000] ERROR:  1023\nDETAIL:  Serializable isolation violation on table"
            + " - 100388, transactions forming the cycle are: 2047496, 2047494 (pid:19219)", "HY000");

    @Test
    void shouldRetryLostConnectionsAndSerializationConflicts() {
        assertThat(WarehouseFailures.isTransient(new SQLException("connection refused", "08001"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new SQLException("could not serialize", "40001"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new SQLTransientConnectionException("pool timeout"))).isTrue();
        assertThat(WarehouseFailures.isTransient(new RuntimeException(new SQLException("reset", "08006")))).isTrue();
        assertThat(WarehouseFailures.isTransient(REDSHIFT_JDBC)).isTrue();
    }

    @Test
    void shouldClassifyRedshiftSerializationConflictsByTheirCodeWhateverTheSqlState() {
        assertThat(WarehouseFailures.isSerializationConflict(REDSHIFT_JDBC)).isTrue();
        assertThat(WarehouseFailures.isSerializationConflict(REDSHIFT_ODBC)).isTrue();
        assertThat(WarehouseFailures.isSerializationConflict(new RuntimeException("recompute failed", REDSHIFT_JDBC))).isTrue();
        assertThat(WarehouseFailures.isSerializationConflict(new SQLException(REDSHIFT_JDBC.getMessage()))).isTrue();
        assertThat(WarehouseFailures.isSerializationConflict(new SQLException(
                "ERROR: could not serialize access due to concurrent update", "40001"))).isTrue();
    }

    @Test
    void shouldNotTakeOtherInternalErrorsForConflicts() {
        assertThat(WarehouseFailures.isSerializationConflict(new SQLException("ERROR: Assert failed at line 1023", "XX000"))).isFalse();
        assertThat(WarehouseFailures.isSerializationConflict(new SQLException("ERROR: disk full", "XX000"))).isFalse();
        assertThat(WarehouseFailures.isSerializationConflict(new SQLException("connection refused", "08001"))).isFalse();
        assertThat(WarehouseFailures.isTransient(new SQLException("ERROR: disk full", "XX000"))).isFalse();
    }

    @Test
    void shouldNotRetryMistakesThatARetryCannotFix() {
        assertThat(WarehouseFailures.isTransient(new SQLException("value too long", "22001"))).isFalse();
        assertThat(WarehouseFailures.isTransient(new SQLException("relation does not exist", "42P01"))).isFalse();
        assertThat(WarehouseFailures.isTransient(new SQLException("no state"))).isFalse();
    }
}
