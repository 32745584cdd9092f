package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.cli.ServingLayerCommand;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * Sums past 2^63 (valid counts go up to 2^63-1) merged from batch_view and speed_view: the API answers them as exact
 * JSON integers, and {@code top} and {@code query} print every digit. The truth is summed here with BigInteger.
 */
@ExtendWith(LocalStackExtension.class)
class ServingWideSumsIT {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger SAFE = BigInteger.valueOf((1L << 53) - 1);
    private static final Map<String, String> DAY = query("from", "2026-11-26T00:00:00Z", "to", "2026-11-27T00:00:00Z");

    /** Oslo: 3 events of 2^63-1 in batch_view, 2 more after the cutoff in speed_view (one before it, already counted). */
    private static final List<BigInteger> OSLO = List.of(BigInteger.valueOf(5), times(MAX, 5), times(MAX, 3), times(MAX, 5));
    /** Rome: 1,100 events of 2^53-1 followers, each exact in any JSON reader, their sum not. */
    private static final List<BigInteger> ROME = List.of(BigInteger.valueOf(1_100), times(SAFE, 1_100), BigInteger.ZERO,
            BigInteger.valueOf(1_100));
    private static final List<String> MEASURES = List.of("tweet_count", "followers_sum", "favorites_sum", "retweets_sum");

    private static StackSandbox sandbox;
    private static TestServer server;

    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_wide_sums");
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO batch_runs (run_id, started_at, finished_at, cutoff, ingest_bucket_seconds, rows_in,"
                    + " rows_out, duration_ms, status) VALUES ('run-1', '2026-11-26 10:01', '2026-11-26 10:02', '2026-11-26 10:00',"
                    + " 3600, 1103, 2, 60000, 'succeeded')");
            statement.execute("INSERT INTO batch_view VALUES ('2026-11-26 08:00', 'Oslo', 3, " + times(MAX, 3) + ", "
                    + times(MAX, 3) + ", " + times(MAX, 3) + "), ('2026-11-26 09:00', 'Rome', 1100, " + times(SAFE, 1_100)
                    + ", 0, 1100)");
            ServingWorkload.deriveDayGrain(connection);
            statement.execute("INSERT INTO speed_view VALUES ('2026-11-26 09:00', '2026-11-26 08:00', 'Oslo', 1, " + MAX + ", "
                    + MAX + ", " + MAX + "), ('2026-11-26 10:00', '2026-11-26 08:00', 'Oslo', 2, " + times(MAX, 2) + ", 0, "
                    + times(MAX, 2) + ")");
        }
        server = TestServer.start(sandbox, Instant.parse("2026-11-26T12:00:00Z"), Map.of());
        // The API's answers then come from the in-memory index, whose sums pass 2^63 as exactly as the warehouse's.
        server.awaitIndexOf("run-1");
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    @Test
    void totalsShouldBeExactIntegers() {
        ApiClient.Response response = server.api().get("api/totals", DAY);

        JsonNode totals = response.json().get("totals");
        for (int i = 0; i < MEASURES.size(); i++) {
            String measure = MEASURES.get(i);
            BigInteger expected = OSLO.get(i).add(ROME.get(i));
            assertThat(totals.get(measure).isIntegralNumber()).as(measure).isTrue();
            assertThat(totals.get(measure).bigIntegerValue()).as(measure).isEqualTo(expected);
            // A plain JSON integer, every digit, no exponent or quotes.
            assertThat(response.body()).containsPattern("\"" + measure + "\":" + expected + "[,}]");
        }
    }

    @Test
    void topLocationsAndTimeseriesShouldBeExact() {
        JsonNode locations = server.api().get("api/top-locations", DAY).json().get("locations");
        JsonNode oslo = server.api().get("api/timeseries", query("location", "Oslo", "from", "2026-11-26T00:00:00Z",
                "to", "2026-11-27T00:00:00Z")).json().get("points");

        assertThat(locations).hasSize(2);
        assertThat(locations.get(0).get("location").asText()).isEqualTo("Rome");
        assertThat(measures(locations.get(0))).isEqualTo(ROME);
        assertThat(measures(locations.get(1))).isEqualTo(OSLO);
        assertThat(oslo).hasSize(1);
        assertThat(oslo.get(0).get("time").asText()).isEqualTo("2026-11-26T08:00:00Z");
        assertThat(measures(oslo.get(0))).isEqualTo(OSLO);
    }

    @Test
    void topAndQueryShouldPrintEveryDigit() {
        StringWriter top = new StringWriter();
        StringWriter query = new StringWriter();

        assertThat(run(top, "top", "--from", "2026-11-26T00:00:00Z", "--to", "2026-11-27T00:00:00Z")).isEqualTo(CommandLines.OK);
        assertThat(run(query, "query", "SELECT location, followers_sum FROM serving_view ORDER BY location"))
                .isEqualTo(CommandLines.OK);

        // The last two cells are the tweets each layer counted: Oslo 3 in batch_view and 2 in speed_view, Rome all batch.
        assertThat(cells(top, "Oslo")).containsExactly("2", "Oslo", "5", OSLO.get(1).toString(), OSLO.get(2).toString(),
                OSLO.get(3).toString(), "3", "2");
        assertThat(cells(top, "Rome")).containsExactly("1", "Rome", "1100", ROME.get(1).toString(), "0", "1100", "1100",
                "0");
        assertThat(cells(query, "Oslo")).containsExactly("Oslo", OSLO.get(1).toString());
        assertThat(cells(query, "Rome")).containsExactly("Rome", ROME.get(1).toString());
    }

    private static int run(StringWriter out, String... args) {
        Map<String, String> environment = new HashMap<>(sandbox.settings());
        environment.put(ServingConfig.PORT.name(), "0");
        CommandLine commandLine = ServingLayerCommand.createCommandLine(environment, new CountDownLatch(1), Clock.systemUTC());
        commandLine.getSubcommands().values().forEach(c -> c.setOut(new PrintWriter(out, true)));
        commandLine.setOut(new PrintWriter(out, true));
        return commandLine.execute(args);
    }

    /** The cells of the printed table row that has {@code location}, trimmed. */
    private static List<String> cells(StringWriter out, String location) {
        return out.toString().lines()
                .filter(line -> line.contains(" " + location + " "))
                .findFirst()
                .map(line -> Arrays.stream(line.split("\\|")).map(String::strip).toList())
                .orElseThrow(() -> new AssertionError("no row for " + location + " in\n" + out));
    }

    private static List<BigInteger> measures(JsonNode row) {
        return MEASURES.stream().map(m -> row.get(m).bigIntegerValue()).toList();
    }

    private static BigInteger times(BigInteger value, long factor) {
        return value.multiply(BigInteger.valueOf(factor));
    }
}
