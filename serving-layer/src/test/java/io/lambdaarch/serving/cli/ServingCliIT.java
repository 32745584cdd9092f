package io.lambdaarch.serving.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.ServingWorkload;
import io.lambdaarch.serving.ViewTables;
import io.lambdaarch.serving.config.ServingConfig;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** The jar's commands end to end on PostgreSQL: query, top and serve, through {@code createCommandLine}. */
@ExtendWith(LocalStackExtension.class)
class ServingCliIT {
    private static StackSandbox sandbox;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Rows of batch_view (before the cutoff) and speed_view, with the truth per location written out by hand. */
    @BeforeAll
    static void setUp(LocalStack stack) throws SQLException {
        sandbox = stack.sandbox("serving_cli");
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            ViewTables.install(connection, ViewCatalog.shipped());
            // lang_day: by day and language; en 3 (batch) + 5 (speed after the cutoff), und 9 (batch), ja 4 (speed).
            statement.execute("INSERT INTO batch_lang_day (event_day, lang, tweet_count, retweets_sum) VALUES"
                    + " ('2026-11-25 00:00:00', 'en', 1, 1), ('2026-11-26 00:00:00', 'en', 2, 0),"
                    + " ('2026-11-26 00:00:00', 'und', 9, 4)");
            statement.execute("INSERT INTO speed_lang_day (ingest_bucket, event_day, lang, tweet_count, retweets_sum) VALUES"
                    // before the cutoff: already in batch_lang_day, must not count
                    + " ('2026-11-26 09:00:00', '2026-11-26 00:00:00', 'und', 9, 4),"
                    + " ('2026-11-26 10:00:00', '2026-11-26 00:00:00', 'en', 5, 2),"
                    + " ('2026-11-26 11:00:00', '2026-11-26 00:00:00', 'ja', 4, 1)");
            statement.execute("INSERT INTO batch_view"
                    + " (event_hour, location, tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES"
                    + " ('2026-11-26 08:00:00', 'Berlin, Germany', 5, 500, 50, 5),"
                    + " ('2026-11-26 09:00:00', 'Berlin, Germany', 2, 200, 20, 2),"
                    + " ('2026-11-26 09:00:00', 'Lagos', 4, 40, 4, 0)");
            ServingWorkload.deriveDayGrain(connection);
            statement.execute("INSERT INTO speed_view (ingest_bucket, event_hour, location, tweet_count,"
                    + " followers_sum, favorites_sum, retweets_sum) VALUES"
                    // before the cutoff: already in batch_view, must not count
                    + " ('2026-11-26 09:00:00', '2026-11-26 09:00:00', 'Lagos', 4, 40, 4, 0),"
                    + " ('2026-11-26 10:00:00', '2026-11-26 09:00:00', 'Lagos', 6, 60, 6, 1),"
                    + " ('2026-11-26 11:00:00', '2026-11-26 11:00:00', 'Côte d''Ivoire', 3, 30, 3, 3)");
            try (PreparedStatement run = connection.prepareStatement("INSERT INTO batch_runs (run_id, started_at,"
                    + " finished_at, cutoff, ingest_bucket_seconds, rows_in, rows_out, duration_ms, status)"
                    + " VALUES ('run-1', ?, ?, ?, 3600, 11, 3, 60000, 'succeeded')")) {
                run.setObject(1, LocalDateTime.of(2026, 11, 26, 10, 1));
                run.setObject(2, LocalDateTime.of(2026, 11, 26, 10, 2));
                run.setObject(3, LocalDateTime.of(2026, 11, 26, 10, 0));
                run.executeUpdate();
            }
        }
        // serving_view as the serving layer creates it at start-up, so the query tests do not depend on a command that
        // ran before them
        ServingConfig config = ServingConfig.from(ConfigSource.of(sandbox.settings()));
        ServingSchema.prepare(config.warehouse(),
                ServingViewSql.of(config.warehouse().warehouse(), config.warehouseSchema()));
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>(sandbox.settings());
        environment.put(ServingConfig.PORT.name(), "0");
        return environment;
    }

    private CommandLine commandLine(Map<String, String> environment, CountDownLatch stopSignal) {
        CommandLine commandLine = ServingLayerCommand.createCommandLine(environment, stopSignal, Clock.systemUTC());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.getSubcommands().values().forEach(c -> {
            c.setOut(new PrintWriter(out, true));
            c.setErr(new PrintWriter(err, true));
        });
        return commandLine;
    }

    private int run(String... args) {
        return commandLine(environment(), new CountDownLatch(1)).execute(args);
    }

    @Test
    void topShouldPrintTheMergedTopLocations() {
        int code = run("top", "--from", "2026-11-26T00:00:00Z", "--to", "2026-11-27T00:00:00Z", "--limit", "2");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        assertThat(out.toString().lines()).startsWith(
                " rank | location        | tweet_count | followers_sum | favorites_sum | retweets_sum | batch_tweet_count"
                        + " | speed_tweet_count",
                "------+-----------------+-------------+---------------+---------------+--------------+-------------------"
                        + "+-------------------",
                "    1 | Lagos           |          10 |           100 |            10 |            1 |                 4"
                        + " |                 6",
                "    2 | Berlin, Germany |           7 |           700 |            70 |            7 |                 7"
                        + " |                 0",
                "(2 rows)");
        assertThat(out.toString()).contains("batch cutoff: 2026-11-26T10:00:00Z", "complete: yes");
    }

    @Test
    void topShouldRankTheGroupsOfTheViewItIsGiven() {
        int code = run("top", "--view", "lang_day", "--from", "2026-11-26T00:00:00Z", "--limit", "5");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        assertThat(out.toString().lines()).startsWith(
                " rank | lang | tweet_count | retweets_sum | batch_tweet_count | speed_tweet_count",
                "------+------+-------------+--------------+-------------------+-------------------",
                "    1 | und  |           9 |            4 |                 9 |                 0",
                "    2 | en   |           7 |            2 |                 2 |                 5",
                "    3 | ja   |           4 |            1 |                 0 |                 4",
                "(3 rows)");
        assertThat(out.toString()).contains("batch cutoff: 2026-11-26T10:00:00Z (batch_lang_day counts");
    }

    @Test
    void topShouldRefuseAViewThatIsNotDeclared() {
        int code = run("top", "--view", "nope");

        assertThat(code).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("Invalid value 'nope' for option --view: not a declared view (the views are"
                + " view, lang_day)");
    }

    @Test
    void queryShouldPrintAnAlignedTable() {
        int code = run("query", "SELECT location, tweet_count FROM serving_view WHERE event_hour >= '2026-11-26 09:00'"
                + " ORDER BY tweet_count DESC");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        assertThat(out.toString().lines()).containsExactly(
                " location        | tweet_count",
                "-----------------+-------------",
                " Lagos           |          10",
                " Côte d'Ivoire   |           3",
                " Berlin, Germany |           2",
                "(3 rows)");
    }

    @Test
    void queryShouldPrintCsvWithNullAsAnEmptyField() {
        int code = run("query", "--format", "csv", "SELECT location, tweet_count, NULL::text AS note FROM serving_view"
                + " WHERE event_hour >= '2026-11-26 09:00' ORDER BY tweet_count DESC");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        assertThat(out.toString().lines()).containsExactly(
                "location,tweet_count,note",
                "Lagos,10,",
                "Côte d'Ivoire,3,",
                "\"Berlin, Germany\",2,");
    }

    @Test
    void queryShouldPrintJsonWithNumbersAndNulls() throws IOException {
        int code = run("query", "--format", "JSON", "--max-rows", "2", "SELECT location, tweet_count, NULL::text AS note"
                + " FROM serving_view WHERE event_hour >= '2026-11-26 09:00' ORDER BY tweet_count DESC");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("columns").toString()).isEqualTo("[\"location\",\"tweet_count\",\"note\"]");
        assertThat(json.path("rows").toString()).isEqualTo("[{\"location\":\"Lagos\",\"tweet_count\":10,\"note\":null},"
                + "{\"location\":\"Côte d'Ivoire\",\"tweet_count\":3,\"note\":null}]");
        assertThat(json.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void topShouldPrintCsvOnStdoutAndFreshnessOnStderr() {
        int code = run("top", "--from", "2026-11-26T00:00:00Z", "--to", "2026-11-27T00:00:00Z", "--limit", "2",
                "--format", "csv");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        assertThat(out.toString().lines()).containsExactly(
                "rank,location,tweet_count,followers_sum,favorites_sum,retweets_sum,batch_tweet_count,speed_tweet_count",
                "1,Lagos,10,100,10,1,4,6",
                "2,\"Berlin, Germany\",7,700,70,7,7,0");
        assertThat(err.toString()).contains("batch cutoff: 2026-11-26T10:00:00Z", "complete: yes");
    }

    @Test
    void topShouldPrintJsonShapedLikeTheApi() throws IOException {
        int code = run("top", "--from", "2026-11-26T00:00:00Z", "--limit", "1", "--format", "json");

        assertThat(code).as(err.toString()).isEqualTo(CommandLines.OK);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("from").asText()).isEqualTo("2026-11-26T00:00:00Z");
        assertThat(json.path("to").isNull()).isTrue();
        assertThat(json.path("limit").asInt()).isEqualTo(1);
        assertThat(json.path("locations").toString()).isEqualTo("[{\"rank\":1,\"location\":\"Lagos\",\"tweet_count\":10,"
                + "\"followers_sum\":100,\"favorites_sum\":10,\"retweets_sum\":1,"
                + "\"batch\":{\"tweet_count\":4,\"followers_sum\":40,\"favorites_sum\":4,\"retweets_sum\":0},"
                + "\"speed\":{\"tweet_count\":6,\"followers_sum\":60,\"favorites_sum\":6,\"retweets_sum\":1}}]");
        assertThat(json.path("cutoff").asText()).isEqualTo("2026-11-26T10:00:00Z");
        assertThat(json.path("complete").asBoolean()).isTrue();
        assertThat(json.path("freshness").path("batch_cutoff").asText()).isEqualTo("2026-11-26T10:00:00Z");
    }

    @Test
    void queryShouldBeReadOnlyUnlessAllowed() throws SQLException {
        assertThat(run("query", "DELETE FROM batch_view")).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString()).contains("Query failed:", "read-only transaction").doesNotContain("\tat ");
        assertThat(count("batch_view")).isEqualTo(3);

        assertThat(run("query", "--allow-writes", "UPDATE batch_runs SET rows_in = rows_in")).isEqualTo(CommandLines.OK);
        assertThat(out.toString()).contains("OK, 1 row affected");
    }

    @Test
    void queryShouldSayWhenItCutTheResult() {
        assertThat(run("query", "--max-rows", "2", "SELECT * FROM batch_view")).isEqualTo(CommandLines.OK);
        assertThat(out.toString()).contains("(first 2 rows shown; the result has more)");
    }

    @Test
    void anUnreachableWarehouseShouldBeOneLine() {
        Map<String, String> environment = environment();
        environment.put("LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:1/lambda");

        int code = commandLine(environment, new CountDownLatch(1)).execute("top");

        assertThat(code).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString().strip().lines()).hasSize(1)
                .first().asString().contains("Cannot connect to the warehouse at jdbc:postgresql://127.0.0.1:1/lambda");
    }

    @Test
    void serveShouldAnswerUntilStopped() throws Exception {
        CountDownLatch stopSignal = new CountDownLatch(1);
        CommandLine commandLine = commandLine(environment(), stopSignal);
        CompletableFuture<Integer> serving = CompletableFuture.supplyAsync(() -> commandLine.execute("serve"));
        try {
            Pattern ready = Pattern.compile("ready: dashboard (http://\\S+/),");
            await().atMost(Duration.ofMinutes(2)).until(() -> ready.matcher(out.toString()).find() || serving.isDone());
            Matcher matcher = ready.matcher(out.toString());
            assertThat(matcher.find()).as(err.toString()).isTrue();
            URI base = URI.create(matcher.group(1));

            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(base.resolve("api/totals")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            // 7 Berlin + 4 Lagos from batch_view, 6 Lagos and 3 Côte d'Ivoire from speed buckets at or after the cutoff
            assertThat(response.body()).contains("\"tweet_count\":20");
        } finally {
            stopSignal.countDown();
        }
        assertThat(serving.get(1, TimeUnit.MINUTES)).isEqualTo(CommandLines.OK);
        assertThat(out.toString()).contains("Stopping the serving layer");
    }

    private static long count(String table) throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
