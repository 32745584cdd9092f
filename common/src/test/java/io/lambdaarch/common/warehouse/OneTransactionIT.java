package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Against a real PostgreSQL: what another session sees of the work, and the lent connection's mode afterwards. */
class OneTransactionIT {
    private static EmbeddedPostgres postgres;

    private Connection connection;
    private Connection observer;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void createTable() throws SQLException {
        connection = postgres.getPostgresDatabase().getConnection();
        observer = postgres.getPostgresDatabase().getConnection();
        try (Statement statement = observer.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS steps");
            statement.execute("CREATE TABLE steps (step INT)");
        }
    }

    @AfterEach
    void closeConnections() throws SQLException {
        connection.close();
        observer.close();
    }

    @ParameterizedTest(name = "auto-commit {0} before")
    @ValueSource(booleans = {true, false})
    void workShouldBeCommittedWholeAndTheModeRestored(boolean autoCommit) throws SQLException {
        connection.setAutoCommit(autoCommit);

        OneTransaction.run(connection, inTransaction -> {
            insert(inTransaction, 1);
            assertThat(steps(observer)).as("another session, before the commit").isZero();
            insert(inTransaction, 2);
        });

        assertThat(steps(observer)).isEqualTo(2);
        assertThat(connection.getAutoCommit()).isEqualTo(autoCommit);
    }

    @Test
    void aFailedStatementShouldRollBackTheWorkBeforeItAndBeRethrown() throws SQLException {
        assertThatExceptionOfType(SQLException.class).isThrownBy(() -> OneTransaction.run(connection, inTransaction -> {
            insert(inTransaction, 1);
            try (Statement statement = inTransaction.createStatement()) {
                statement.execute("INSERT INTO no_such_table VALUES (1)");
            }
        })).withMessageContaining("no_such_table");

        assertThat(steps(observer)).isZero();
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(steps(connection)).as("the lent connection is usable again").isZero();
    }

    @Test
    void aRuntimeFailureShouldRollBackRatherThanBeCommittedByRestoringAutoCommit() throws SQLException {
        IllegalStateException failure = new IllegalStateException("step 2 failed");

        assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> OneTransaction.run(connection,
                inTransaction -> {
                    insert(inTransaction, 1);
                    throw failure;
                })).isSameAs(failure);

        assertThat(steps(observer)).isZero();
        assertThat(connection.getAutoCommit()).isTrue();
    }

    private static void insert(Connection connection, int step) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO steps VALUES (" + step + ")");
        }
    }

    private static long steps(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM steps")) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
