package io.lambdaarch.serving.dashboard;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.ApiClient;
import io.lambdaarch.serving.ServingWorkload;
import io.lambdaarch.serving.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dashboard in a real headless Chromium: the page loads without errors, its charts and tables show exactly the
 * numbers the API returns, the time series is a stacked band of the batch and speed parts with the batch cutoff marked
 * (found in the canvas's pixels, not only in the page's data), and it picks up new data on its own. A screenshot is
 * saved to {@code target/screenshots/dashboard.png}. Skipped when no Chromium is installed ({@code .ci/run} installs it).
 */
@ExtendWith(LocalStackExtension.class)
class DashboardBrowserIT {
    private static final ServingWorkload WORKLOAD = ServingWorkload.generate(7L, 1500);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    // Markup in a location must show as text, never run or render.
    private static final String LOCATION = "Zürich <script>alert(1)</script>";
    private static final Instant FROM = ServingWorkload.BASE.minus(Duration.ofHours(48));
    private static final Instant TO = ServingWorkload.BASE.plus(Duration.ofHours(36));
    /** Everything the page shows, read from its DOM: chart data attributes, table cells, totals, the badge. */
    private static final String READ_PAGE = """
            (() => {
              if (!document.getElementById('top-chart') || !document.body.dataset.state) {
                return { state: 'not loaded', error: '' };
              }
              const measures = (row) => Object.fromEntries([...row.querySelectorAll('td[data-measure]')]
                  .map((td) => [td.dataset.measure, Number(td.dataset.value)]));
              const top = document.getElementById('top-chart');
              const series = document.getElementById('series-chart');
              // The series canvas's pixels in the band's and the marker's colours (dashboard.js draws them opaque).
              const pixels = { batch: 0, speed: 0, marker: 0 };
              const canvas = series.querySelector('canvas');
              if (canvas && canvas.width > 0) {
                const image = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                const ratio = canvas.width / canvas.getBoundingClientRect().width;
                const markerX = series.dataset.cutoffX === '' ? -100 : Number(series.dataset.cutoffX) * ratio;
                for (let i = 0; i < image.length; i += 4) {
                  const rgb = image[i] + ',' + image[i + 1] + ',' + image[i + 2];
                  if (rgb === '91,141,239') {
                    pixels.batch += 1;
                  } else if (rgb === '245,166,35') {
                    pixels.speed += 1;
                  } else if (rgb === '192,57,43' && Math.abs((i / 4) % canvas.width - markerX) <= 3 * ratio) {
                    pixels.marker += 1;
                  }
                }
              }
              return {
                state: document.body.dataset.state,
                view: document.body.dataset.view || '',
                views: [...document.querySelectorAll('#view option')].map((option) => option.value),
                seriesGranularity: series.dataset.granularity || '',
                topHeaders: [...document.querySelectorAll('#top-table thead th')].map((th) => th.textContent),
                refreshes: Number(document.body.dataset.refreshes),
                topLabels: JSON.parse(top.dataset.labels),
                topValues: JSON.parse(top.dataset.values),
                topRows: [...document.querySelectorAll('#top-table tbody tr')]
                    .map((tr) => ({ location: tr.cells[1].textContent, measures: measures(tr) })),
                topCanvases: top.querySelectorAll('canvas').length,
                seriesLocation: series.dataset.location,
                seriesTimes: JSON.parse(series.dataset.times),
                seriesValues: JSON.parse(series.dataset.values),
                seriesBatch: JSON.parse(series.dataset.batchValues),
                seriesSpeed: JSON.parse(series.dataset.speedValues),
                seriesCutoff: series.dataset.cutoff,
                seriesPixels: pixels,
                seriesRows: [...document.querySelectorAll('#series-table tbody tr')].map(measures),
                seriesRowLayers: [...document.querySelectorAll('#series-table tbody tr')]
                    .map((tr) => Object.fromEntries([...tr.querySelectorAll('td[data-layer]')]
                        .map((td) => [td.dataset.layer, Number(td.dataset.value)]))),
                seriesCanvases: series.querySelectorAll('canvas').length,
                totals: Object.fromEntries([...document.querySelectorAll('#totals [data-measure]')]
                    .map((cell) => [cell.dataset.measure, Number(cell.dataset.value)])),
                complete: document.getElementById('freshness').dataset.complete,
                batchCutoff: document.getElementById('freshness').dataset.batchCutoff,
                status: document.getElementById('freshness-status').textContent,
                scriptsInTables: document.querySelectorAll('table script, .chart script').length,
                error: document.getElementById('error').hidden ? '' : document.getElementById('error').textContent,
              };
            })()""";

    /** The window the page queries, whether it rolls, the page's clock, and whether a refresh has used it yet. */
    private static final String READ_WINDOW = """
            (() => ({
              from: document.body.dataset.windowFrom || '',
              to: document.body.dataset.windowTo || '',
              rolling: document.body.dataset.rolling || '',
              inputTo: document.getElementById('to').value,
              now: Date.now(),
              refreshed: document.body.dataset.state === 'ready',
            }))()""";
    /** The batch-run history and the DLQ card as the page shows them. */
    private static final String READ_PIPELINE = """
            (() => {
              const rows = [...document.querySelectorAll('#runs-table tbody tr')];
              return {
                runIds: rows.map((tr) => tr.dataset.runId),
                cutoffs: rows.map((tr) => tr.cells[1].dataset.value),
                durations: rows.map((tr) => Number(tr.cells[4].dataset.value)),
                runCanvases: document.querySelectorAll('#runs-chart canvas').length,
                dlqTotal: document.getElementById('dlq').dataset.total,
              };
            })()""";

    private static StackSandbox sandbox;
    private static TestServer server;
    private static ApiClient api;
    private static Path chromium;

    @BeforeAll
    static void setUp(LocalStack stack) throws Exception {
        Optional<Path> binary = HeadlessChromium.findBinary();
        Assumptions.assumeTrue(binary.isPresent(), "no chromium on the PATH: the dashboard browser test is skipped");
        chromium = binary.get();
        sandbox = stack.sandbox("serving_dashboard");
        try (Connection connection = sandbox.connect()) {
            WORKLOAD.load(connection);
        }
        server = TestServer.start(sandbox, ServingWorkload.NOW, Map.of());
        api = server.api();
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    @Test
    void dashboardShouldShowWhatTheApiReturnsAndRefresh() throws Exception {
        Map<String, String> parameters = query("from", FROM.toString(), "to", TO.toString(), "limit", "5",
                "location", LOCATION, "granularity", "hour", "refresh", "1");
        URI page = server.application().baseUri().resolve("?" + parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));

        try (HeadlessChromium browser = HeadlessChromium.launch(chromium);
                HeadlessChromium.Page tab = browser.newPage()) {
            tab.navigate(page);
            JsonNode shown = awaitPage(tab, p -> p.path("state").asText().equals("ready"));
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("dashboard.png"), tab.screenshot());

            assertMatchesApi(shown);
            assertThat(shown.get("topCanvases").asInt()).isPositive();
            assertThat(shown.get("seriesCanvases").asInt()).isPositive();
            assertThat(shown.get("scriptsInTables").asInt()).isZero();
            assertThat(shown.get("complete").asText()).isEqualTo("true");
            assertThat(shown.get("status").asText()).isEqualTo("complete");
            assertThat(shown.get("batchCutoff").asText()).isEqualTo(ServingWorkload.CUTOFF.toString());
            // The stacked band, both of its parts, and the cutoff marker, drawn.
            assertThat(shown.get("seriesCutoff").asText()).isEqualTo(ServingWorkload.CUTOFF.toString());
            assertThat(longs(shown.get("seriesBatch"))).anyMatch(value -> value > 0);
            assertThat(longs(shown.get("seriesSpeed"))).anyMatch(value -> value > 0);
            assertThat(shown.get("seriesPixels").get("batch").asInt()).as("batch band pixels").isGreaterThan(200);
            assertThat(shown.get("seriesPixels").get("speed").asInt()).as("speed band pixels").isGreaterThan(200);
            assertThat(shown.get("seriesPixels").get("marker").asInt()).as("cutoff marker pixels").isGreaterThan(100);

            // New speed-layer data for the chosen location: the page must show it without a reload.
            long before = shown.get("totals").get("tweet_count").asLong();
            addSpeedRow(LOCATION, 1000);
            JsonNode changed = awaitPage(tab, p -> p.path("totals").path("tweet_count").asLong() == before + 1000);
            // the refresh that showed it may have fetched the top locations just before the insert: take the next one
            int refreshes = changed.get("refreshes").asInt();
            JsonNode updated = awaitPage(tab, p -> p.path("refreshes").asInt() > refreshes);
            assertMatchesApi(updated);
            Files.write(SCREENSHOTS.resolve("dashboard-after-refresh.png"), tab.screenshot());

            assertThat(tab.errors()).as("errors in the page").isEmpty();
        }
    }

    @Test
    void defaultWindowShouldRollWithTheClockAndShowBatchRunsAndTheDlq() throws Exception {
        URI page = server.application().baseUri().resolve("?limit=5&refresh=1");

        try (HeadlessChromium browser = HeadlessChromium.launch(chromium);
                HeadlessChromium.Page tab = browser.newPage()) {
            tab.navigate(page);
            awaitPage(tab, p -> p.path("state").asText().equals("ready"));
            JsonNode window = tab.evaluate(READ_WINDOW);
            assertThat(window.get("rolling").asText()).isEqualTo("true");
            assertThat(Instant.parse(window.get("to").asText())).isEqualTo(nextWholeHour(window.get("now").asLong()));
            assertThat(Duration.between(Instant.parse(window.get("from").asText()), Instant.parse(window.get("to").asText())))
                    .isEqualTo(Duration.ofHours(24));

            // Three hours later in the page's clock, without a reload: the window must have moved with it.
            tab.evaluate("(() => { const real = Date.now; Date.now = () => real() + 3 * 3600 * 1000; return true; })()");
            Instant movedTo = Instant.parse(window.get("to").asText()).plus(Duration.ofHours(3));
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode now = tab.evaluate(READ_WINDOW);
                return Instant.parse(now.get("to").asText()).equals(movedTo) && now.get("refreshed").asBoolean();
            });
            JsonNode moved = tab.evaluate(READ_WINDOW);
            assertThat(moved.get("inputTo").asText()).isEqualTo(movedTo.toString());
            JsonNode shown = awaitPage(tab, p -> p.path("refreshes").asInt() > 0 && p.path("state").asText().equals("ready"));
            JsonNode totals = api.get("api/totals", query("from", moved.get("from").asText(), "to", movedTo.toString())).json();
            assertThat(shown.get("totals").get("tweet_count").asLong()).isEqualTo(totals.get("totals").get("tweet_count").asLong());

            JsonNode runs = api.get("api/batch-runs", query("limit", "20")).json().get("runs");
            assertThat(runs).isNotEmpty();
            JsonNode pipeline = tab.evaluate(READ_PIPELINE);
            List<String> runIds = new ArrayList<>();
            List<String> cutoffs = new ArrayList<>();
            List<Long> durations = new ArrayList<>();
            runs.forEach(run -> {
                runIds.add(run.get("run_id").asText());
                cutoffs.add(run.get("cutoff").asText());
                durations.add(run.get("duration_ms").asLong());
            });
            assertThat(texts(pipeline.get("runIds"))).isEqualTo(runIds);
            assertThat(texts(pipeline.get("cutoffs"))).isEqualTo(cutoffs);
            assertThat(longs(pipeline.get("durations"))).isEqualTo(durations);
            assertThat(pipeline.get("runCanvases").asInt()).isPositive();
            JsonNode dlq = api.get("api/dlq").json();
            assertThat(pipeline.get("dlqTotal").asText()).isEqualTo(dlq.get("total").isNull() ? "" : dlq.get("total").asText());
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("dashboard-rolling.png"), tab.screenshot());
            assertThat(tab.errors()).as("errors in the page").isEmpty();
        }
    }

    @Test
    void viewSelectorShouldSwitchToLangDayWhoseSeriesStepsByDay() throws Exception {
        URI page = server.application().baseUri().resolve("?from=" + FROM + "&to=" + TO + "&limit=5&refresh=1");

        try (HeadlessChromium browser = HeadlessChromium.launch(chromium);
                HeadlessChromium.Page tab = browser.newPage()) {
            tab.navigate(page);
            JsonNode first = awaitPage(tab, p -> p.path("state").asText().equals("ready"));
            assertThat(first.get("view").asText()).isEqualTo("view");
            assertThat(texts(first.get("views"))).containsExactly("view", "lang_day");

            // The user picks lang_day in the selector.
            tab.evaluate("(() => { const s = document.getElementById('view'); s.value = 'lang_day';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            JsonNode shown = awaitPage(tab, p -> p.path("view").asText().equals("lang_day")
                    && p.path("state").asText().equals("ready") && p.path("seriesGranularity").asText().equals("day"));
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve("dashboard-lang_day.png"), tab.screenshot());

            Map<String, String> range = query("view", "lang_day", "from", FROM.toString(), "to", TO.toString());
            Map<String, String> topQuery = new java.util.HashMap<>(range);
            topQuery.put("limit", "5");
            JsonNode top = api.get("api/top-locations", topQuery).json();
            List<String> langs = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            top.get("locations").forEach(row -> {
                langs.add(row.get("lang").asText());
                counts.add(row.get("tweet_count").asLong());
            });
            assertThat(langs).hasSizeGreaterThan(2);
            assertThat(texts(shown.get("topLabels"))).isEqualTo(langs);
            assertThat(longs(shown.get("topValues"))).isEqualTo(counts);
            assertThat(texts(shown.get("topHeaders"))).startsWith("#", "lang", "tweet_count", "retweets_sum");
            for (int i = 0; i < langs.size(); i++) {
                JsonNode row = shown.get("topRows").get(i);
                assertThat(row.get("location").asText()).isEqualTo(langs.get(i));
                assertThat(row.get("measures").get("retweets_sum").asLong())
                        .isEqualTo(top.get("locations").get(i).get("retweets_sum").asLong());
                assertThat(row.get("measures").has("followers_sum")).as("lang_day has no followers_sum").isFalse();
            }

            // The series of the top language, by day: one point per UTC day, as the API has it.
            Map<String, String> seriesQuery = new java.util.HashMap<>(range);
            seriesQuery.put("lang", langs.get(0));
            seriesQuery.put("granularity", "day");
            JsonNode series = api.get("api/timeseries", seriesQuery).json();
            List<String> times = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            series.get("points").forEach(point -> {
                times.add(point.get("time").asText());
                values.add(point.get("tweet_count").asLong());
            });
            assertThat(times).hasSizeGreaterThan(1)
                    .allSatisfy(time -> assertThat(Instant.parse(time)).isEqualTo(Instant.parse(time).truncatedTo(java.time.temporal.ChronoUnit.DAYS)));
            assertThat(shown.get("seriesLocation").asText()).isEqualTo(langs.get(0));
            assertThat(texts(shown.get("seriesTimes"))).isEqualTo(times);
            assertThat(longs(shown.get("seriesValues"))).isEqualTo(values);

            JsonNode totals = api.get("api/totals", range).json().get("totals");
            assertThat(shown.get("totals").get("tweet_count").asLong()).isEqualTo(totals.get("tweet_count").asLong());
            assertThat(shown.get("totals").get("retweets_sum").asLong()).isEqualTo(totals.get("retweets_sum").asLong());
            assertThat(shown.get("totals").get("distinct_lang").asLong())
                    .isEqualTo(totals.get("distinct").get("lang").asLong());
            assertThat(shown.get("totals").has("followers_sum")).isFalse();
            assertThat(tab.errors()).as("errors in the page").isEmpty();
        }
    }

    private static Instant nextWholeHour(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(java.time.temporal.ChronoUnit.HOURS).plus(Duration.ofHours(1));
    }

    private static JsonNode awaitPage(HeadlessChromium.Page tab, Predicate<JsonNode> condition) {
        List<JsonNode> last = new ArrayList<>(List.of(tab.evaluate(READ_PAGE)));
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
            last.set(0, tab.evaluate(READ_PAGE));
            return condition.test(last.get(0)) || !last.get(0).path("error").asText().isEmpty();
        });
        assertThat(last.get(0).path("error").asText()).as("error shown by the page").isEmpty();
        return last.get(0);
    }

    // Compares the page with the API's answers for the same parameters; data does not change between two refreshes.
    private static void assertMatchesApi(JsonNode shown) {
        JsonNode top = api.get("api/top-locations", query("from", FROM.toString(), "to", TO.toString(), "limit", "5")).json();
        JsonNode totals = api.get("api/totals", query("from", FROM.toString(), "to", TO.toString())).json();
        JsonNode series = api.get("api/timeseries", query("location", LOCATION, "from", FROM.toString(),
                "to", TO.toString(), "granularity", "hour")).json();

        List<String> labels = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        top.get("locations").forEach(row -> {
            labels.add(row.get("location").asText());
            counts.add(row.get("tweet_count").asLong());
        });
        assertThat(labels).hasSize(5);
        assertThat(texts(shown.get("topLabels"))).isEqualTo(labels);
        assertThat(longs(shown.get("topValues"))).isEqualTo(counts);
        for (int i = 0; i < labels.size(); i++) {
            JsonNode row = shown.get("topRows").get(i);
            assertThat(row.get("location").asText()).isEqualTo(labels.get(i));
            assertSameMeasures(row.get("measures"), top.get("locations").get(i));
        }

        List<String> times = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        List<Long> batch = new ArrayList<>();
        List<Long> speed = new ArrayList<>();
        series.get("points").forEach(point -> {
            times.add(point.get("time").asText());
            values.add(point.get("tweet_count").asLong());
            batch.add(point.get("batch").get("tweet_count").asLong());
            speed.add(point.get("speed").get("tweet_count").asLong());
        });
        assertThat(longs(shown.get("seriesBatch"))).isEqualTo(batch);
        assertThat(longs(shown.get("seriesSpeed"))).isEqualTo(speed);
        assertThat(shown.get("seriesCutoff").asText()).isEqualTo(series.get("cutoff").asText());
        assertThat(times).hasSizeGreaterThan(5);
        assertThat(shown.get("seriesLocation").asText()).isEqualTo(LOCATION);
        assertThat(texts(shown.get("seriesTimes"))).isEqualTo(times);
        assertThat(longs(shown.get("seriesValues"))).isEqualTo(values);
        assertThat(shown.get("seriesRows").size()).isEqualTo(times.size());
        for (int i = 0; i < times.size(); i++) {
            assertSameMeasures(shown.get("seriesRows").get(i), series.get("points").get(i));
            assertThat(shown.get("seriesRowLayers").get(i).get("batch").asLong()).isEqualTo(batch.get(i));
            assertThat(shown.get("seriesRowLayers").get(i).get("speed").asLong()).isEqualTo(speed.get(i));
        }

        for (String measure : List.of("tweet_count", "followers_sum", "favorites_sum", "retweets_sum", "locations")) {
            assertThat(shown.get("totals").get(measure).asLong()).as(measure)
                    .isEqualTo(totals.get("totals").get(measure).asLong());
        }
    }

    private static void assertSameMeasures(JsonNode shown, JsonNode api) {
        for (String measure : List.of("tweet_count", "followers_sum", "favorites_sum", "retweets_sum")) {
            assertThat(shown.get(measure).asLong()).as(measure).isEqualTo(api.get(measure).asLong());
        }
    }

    private static List<String> texts(JsonNode array) {
        return values(array, JsonNode::asText);
    }

    private static List<Long> longs(JsonNode array) {
        return values(array, JsonNode::asLong);
    }

    private static <T> List<T> values(JsonNode array, Function<JsonNode, T> value) {
        List<T> values = new ArrayList<>();
        array.forEach(node -> values.add(value.apply(node)));
        return values;
    }

    // A speed bucket after the cutoff, so serving_view counts it, committed as the speed layer commits a micro-batch:
    // with its speed_commits row in the same transaction, a new data version, so no cached answer hides it.
    private static void addSpeedRow(String location, long tweets) throws Exception {
        Instant bucket = ServingWorkload.CUTOFF.plus(Duration.ofHours(2));
        try (Connection connection = sandbox.connect()) {
            connection.setAutoCommit(false);
            insertSpeedRow(connection, bucket, location, tweets);
            ServingWorkload.insertCommit(connection, ServingWorkload.SPEED_BATCH_ID + 1,
                    ServingWorkload.SPEED_COMMITTED_AT.plusSeconds(10), ServingWorkload.RETAINED_FROM,
                    ServingWorkload.SPEED_COMMITTED_AT);
            connection.commit();
        }
    }

    private static void insertSpeedRow(Connection connection, Instant bucket, String location, long tweets)
            throws Exception {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO speed_view (ingest_bucket, event_hour, location, tweet_count, followers_sum, favorites_sum,"
                        + " retweets_sum) VALUES (?, ?, ?, ?, 0, 0, 0) ON CONFLICT (ingest_bucket, event_hour, location)"
                        + " DO UPDATE SET tweet_count = speed_view.tweet_count + EXCLUDED.tweet_count")) {
            insert.setObject(1, LocalDateTime.ofInstant(bucket, ZoneOffset.UTC));
            insert.setObject(2, LocalDateTime.ofInstant(ServingWorkload.BASE.plus(Duration.ofHours(5)), ZoneOffset.UTC));
            insert.setString(3, location);
            insert.setLong(4, tweets);
            insert.executeUpdate();
        }
    }
}
