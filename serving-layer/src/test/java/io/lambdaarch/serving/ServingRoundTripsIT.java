package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Counts the round trips to PostgreSQL an API request makes, from the driver's own trace of what it sends: every
 * exchange ends with a Sync message (PostgreSQL answers each with ReadyForQuery), so the Syncs a request's thread
 * sends are its round trips. A cache hit is 1 (the ledger statement alone) and a miss the index answers 2 (the ledger
 * statement, then the ledger and the kept speed rows in one); before, 2 and 3 (the same statements in a transaction,
 * then COMMIT). A pooled connection idle for over 500 ms is first checked by HikariCP, one more round trip, so each
 * count is the least over several requests.
 */
@ExtendWith(LocalStackExtension.class)
class ServingRoundTripsIT {
    private static final ServingWorkload WORKLOAD = ServingWorkload.generate(20261207L, 2000);
    private static final Logger DRIVER = Logger.getLogger("org.postgresql");
    private static final int REQUESTS = 6;

    private static StackSandbox sandbox;
    private static TestServer server;
    private static final SyncCounter syncs = new SyncCounter();
    private static Level driverLevel;

    /** The Syncs sent on the API's request threads (not the test's, the index loader's or the pools' own). */
    private static final class SyncCounter extends Handler {
        private final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void publish(LogRecord record) {
            String thread = Thread.currentThread().getName();
            String message = record.getMessage();
            if (message != null && message.contains("FE=> Sync") && !thread.equals("main")
                    && !thread.startsWith("serving-index-loader") && !thread.startsWith("kafka-offsets-monitor")
                    && !thread.contains("Hikari")) {
                seen.add(thread);
            }
        }

        synchronized int drain() {
            int count = seen.size();
            seen.clear();
            return count;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_round_trips");
        try (Connection connection = sandbox.connect()) {
            WORKLOAD.load(connection);
        }
        server = TestServer.start(sandbox, ServingWorkload.NOW, Map.of());
        server.awaitIndexOf(ServingWorkload.LATEST_RUN);
        driverLevel = DRIVER.getLevel();
        syncs.setLevel(Level.ALL);
        DRIVER.addHandler(syncs);
        DRIVER.setLevel(Level.FINEST);
    }

    @AfterAll
    static void tearDown() {
        DRIVER.removeHandler(syncs);
        DRIVER.setLevel(driverLevel);
        TestServer.closeIfStarted(server);
    }

    @Test
    void aCacheHitShouldTakeOneRoundTripAndAnIndexMissTwo() {
        List<Integer> misses = new ArrayList<>();
        List<Integer> hits = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            // A range no request asked before: a miss, answered by the index (the speed rows read beside it).
            Map<String, String> range = query("from", ServingWorkload.BASE.plus(Duration.ofHours(i)).toString(),
                    "to", ServingWorkload.BASE.plus(Duration.ofHours(24 + i)).toString(), "limit", "5");
            syncs.drain();
            assertThat(server.api().get("api/top-locations", range).status()).isEqualTo(200);
            misses.add(syncs.drain());
            assertThat(server.api().get("api/top-locations", range).status()).isEqualTo(200);
            hits.add(syncs.drain());
        }
        System.out.printf("round trips per request: misses %s, hits %s%n", misses, hits);
        assertThat(misses.stream().mapToInt(Integer::intValue).min().orElseThrow()).as("misses %s", misses).isEqualTo(2);
        assertThat(hits.stream().mapToInt(Integer::intValue).min().orElseThrow()).as("hits %s", hits).isEqualTo(1);
        assertThat(server.api().metric("lambda_serving_index_answers_total", "source=\"index\",view=\"view\""))
                .as("the misses were answered by the index").isGreaterThanOrEqualTo(REQUESTS);
    }
}
