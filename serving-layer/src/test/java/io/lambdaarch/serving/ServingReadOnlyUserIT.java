package io.lambdaarch.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.config.WarehouseSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.ServingWorkload.Sums;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment docs give the serving layer a read-only warehouse user (SELECT only, no CREATE on the schema): once
 * the owner has created the tables and serving_view, the serving layer starts and answers as that user.
 */
@ExtendWith(LocalStackExtension.class)
class ServingReadOnlyUserIT {
    private static final ServingWorkload WORKLOAD = ServingWorkload.generate(20261127L, 500);
    private static final String READER = "serving_reader_it";
    private static final String READER_PASSWORD = "reader-secret";
    private static final String SUPERUSER = "postgres";
    private static StackSandbox sandbox;
    private static TestServer server;

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_readonly");
        // The owner (the sandbox's user) installs everything, as an administrator or the first run would.
        ServingSchema.prepare(sandbox.warehouseSettings(),
                ServingViewSql.of(sandbox.warehouseSettings().warehouse(), "public"));
        try (Connection owner = sandbox.connect()) {
            WORKLOAD.load(owner);
        }
        // Roles belong to the cluster (a new one per test JVM): its superuser creates the reader; local logins are trusted.
        try (Connection admin = connect(SUPERUSER, ""); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER_PASSWORD + "'");
            statement.execute("GRANT CONNECT ON DATABASE \"" + admin.getCatalog() + "\" TO " + READER);
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute("GRANT USAGE ON SCHEMA public TO " + READER);
            statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
        }
        server = TestServer.start(sandbox, ServingWorkload.NOW, Map.of(
                WarehouseSettings.USER.name(), READER,
                WarehouseSettings.PASSWORD.name(), READER_PASSWORD));
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    @Test
    void readerMayNotRunDdl() {
        // What the serving layer must therefore never attempt at start-up once the view exists.
        assertThatThrownBy(() -> {
            try (Connection reader = connectAsReader(); Statement statement = reader.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS batch_view (event_hour TIMESTAMP)");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void shouldServeTotalsAsTheReadOnlyUser() {
        ApiClient.Response response = server.api().get("/api/totals");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode totals = response.json().get("totals");
        Sums expected = WORKLOAD.totals(null, null);
        assertThat(totals.get("tweet_count").asLong()).isEqualTo(expected.tweetCount());
        assertThat(totals.get("retweets_sum").asLong()).isEqualTo(expected.retweetsSum());
    }

    private static Connection connectAsReader() throws SQLException {
        return connect(READER, READER_PASSWORD);
    }

    private static Connection connect(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(sandbox.warehouseSettings().jdbcUrl(), properties);
    }
}
