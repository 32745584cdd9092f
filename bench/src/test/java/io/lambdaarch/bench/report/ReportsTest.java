package io.lambdaarch.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
    private static final Instant STARTED = Instant.parse("2026-11-26T04:10:00.123Z");

    private static BenchReport report() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("--events", "200000");
        parameters.put("--scales", "1,2,4");
        Figure ingestion = Figure.measured("ingestion", "ingestion throughput",
                List.of(new Value("", 41230.4, Unit.EVENTS_PER_SECOND)), "Kafka ProducerPerformance",
                List.of(new Value("", 52000, Unit.EVENTS_PER_SECOND)), 41230.4 / 52000, List.of(Check.ratioAtLeast(0.79, 0.8)),
                List.of("rates from LogAppendTime stamps"));
        Figure serving = Figure.measured("serving", "serving latency",
                List.of(new Value("p50", 12.34, Unit.MILLISECONDS), new Value("p99", 41.2, Unit.MILLISECONDS),
                        new Value("", 812, Unit.QUERIES_PER_SECOND)), "same SQL | over JDBC",
                List.of(new Value("p99", 30.0, Unit.MILLISECONDS)), 41.2 / 30.0,
                List.of(Check.atMost("p99", 41.2, 50, Unit.MILLISECONDS)), List.of());
        Figure speed = Figure.failed("speed-freshness", "speed freshness", "trigger interval",
                List.of("p99 <= 3x trigger", "lag not growing"), "the speed layer exited with code 1");
        LoadMonitor.Load load = new LoadMonitor.Load(new LoadAverage(5.16, 7.35, 9.95), new LoadAverage(3.2, 5.0, 8.0), 12.5);
        Machine machine = new Machine(2, 24L * 1024 * 1024 * 1024, "AMD EPYC", "Debian 17.0.15", "Linux 6.1 amd64");
        return BenchReport.ofOneRun(STARTED, Duration.ofSeconds(492), machine, load, parameters, List.of(ingestion, serving, speed),
                List.of("one run on a shared machine"));
    }

    private static Figure ingestion(double ours, double baseline) {
        return Figure.measured("ingestion", "ingestion throughput", List.of(new Value("", ours, Unit.EVENTS_PER_SECOND)),
                "Kafka ProducerPerformance", List.of(new Value("", baseline, Unit.EVENTS_PER_SECOND)), ours / baseline,
                List.of(Check.ratioAtLeast(ours / baseline, 0.8)), List.of("ours " + ours));
    }

    private static Figure serving(double p99) {
        return Figure.measured("serving", "serving latency", List.of(new Value("p99", p99, Unit.MILLISECONDS)), "same SQL over JDBC",
                List.of(new Value("p99", 30.0, Unit.MILLISECONDS)), p99 / 30.0, List.of(Check.atMost("p99", p99, 50, Unit.MILLISECONDS)),
                List.of());
    }

    /** Three runs: ingestion meets its target in runs 1 and 3 only; serving in all; speed fails in run 3. */
    private static BenchReport threeRuns() {
        LoadMonitor.Load load = new LoadMonitor.Load(new LoadAverage(1.5, 1.2, 1.1), new LoadAverage(2.5, 1.8, 1.3), 3.25);
        Machine machine = new Machine(2, 24L * 1024 * 1024 * 1024, "AMD EPYC", "Debian 17.0.15", "Linux 6.1 amd64");
        Figure speedMet = Figure.measured("speed-freshness", "speed freshness", List.of(new Value("p99", 2100, Unit.MILLISECONDS)),
                "trigger interval", List.of(new Value("", 1000, Unit.MILLISECONDS)), 2.1,
                List.of(Check.ratioAtMost(2.1, 3), Check.holds("lag not growing", true)), List.of());
        Figure speedFailed = Figure.failed("speed-freshness", "speed freshness", "trigger interval",
                List.of("<= 3x", "lag not growing"), "the speed layer exited with code 1");
        List<BenchRun> runs = List.of(
                new BenchRun(1, Duration.ofSeconds(400), load, List.of(ingestion(85_000, 100_000), serving(40), speedMet)),
                new BenchRun(2, Duration.ofSeconds(410), load, List.of(ingestion(79_000, 100_000), serving(45), speedMet)),
                new BenchRun(3, Duration.ofSeconds(420), load, List.of(ingestion(180_000, 200_000), serving(30), speedFailed)));
        return new BenchReport(STARTED, Duration.ofSeconds(1230), machine, load, Map.of("--runs", "3"), runs, List.of());
    }

    @Test
    void shouldReportTheMedianAndTheWorstRunOfEachFigure() throws IOException {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(threeRuns()));

        JsonNode ingestion = json.path("figures").get(0);
        assertThat(ingestion.path("ours").get(0).path("value").asDouble()).isEqualTo(85_000);
        assertThat(ingestion.path("baseline").get(0).path("value").asDouble()).isEqualTo(100_000);
        assertThat(ingestion.path("ratio").asDouble()).isEqualTo(0.85);
        assertThat(ingestion.path("worst").path("run").asInt()).isEqualTo(2);
        assertThat(ingestion.path("worst").path("ratio").asDouble()).isEqualTo(0.79);
        assertThat(ingestion.path("met").asBoolean()).as("met in 2 of 3 runs is not met").isFalse();
        assertThat(ingestion.path("targets").get(0).path("met").asBoolean()).isFalse();
        assertThat(ingestion.path("runs_met").asInt()).isEqualTo(2);
        assertThat(ingestion.path("runs")).hasSize(3);
        assertThat(ingestion.path("runs").get(2).path("ratio").asDouble()).isEqualTo(0.9);
        assertThat(ingestion.path("runs").get(2).path("notes").get(0).asText()).isEqualTo("ours 180000.0");

        JsonNode serving = json.path("figures").get(1);
        assertThat(serving.path("met").asBoolean()).isTrue();
        assertThat(serving.path("ours").get(0).path("value").asDouble()).isEqualTo(40);
        assertThat(serving.path("worst").path("run").asInt()).as("the highest p99 is the worst").isEqualTo(2);

        JsonNode speed = json.path("figures").get(2);
        assertThat(speed.path("error").asText()).isEqualTo("the speed layer exited with code 1");
        assertThat(speed.path("worst").path("run").asInt()).as("a run that failed is the worst").isEqualTo(3);
        assertThat(speed.path("ratio").asDouble()).as("median of the measured runs").isEqualTo(2.1);
        assertThat(json.path("figures_met").asInt()).isEqualTo(1);
        assertThat(json.path("runs")).hasSize(3);
        assertThat(json.path("runs").get(1).path("elapsed_seconds").asDouble()).isEqualTo(410.0);
    }

    @Test
    void shouldRenderOneRowPerFigureWithItsMedianAndWorstRun() {
        String markdown = MarkdownReport.render(threeRuns());

        assertThat(markdown).contains("| figure | ours: median | ours: worst run | baseline: median | ratio: median / worst"
                + " | target | met in every run |");
        assertThat(markdown).contains("| ingestion throughput | 85,000 events/s | 79,000 events/s (run 2)"
                + " | 100,000 events/s (Kafka ProducerPerformance) | 0.85x / 0.79x | >= 0.8x | NO (2 of 3) |");
        assertThat(markdown).contains("| serving latency | p99 40.0 ms | p99 45.0 ms (run 2) | p99 30.0 ms (same SQL over JDBC)"
                + " | 1.33x / 1.50x | p99 <= 50 ms | yes |");
        assertThat(markdown).contains("| speed freshness | p99 2100.0 ms | failed: the speed layer exited with code 1 (run 3)");
        assertThat(markdown).contains("1 of 3 figures met their targets in every one of 3 runs; some could not be measured"
                + " (ERROR).");
        assertThat(markdown).contains("- run 2: took 6 min 50 s, load 1.50 / 1.20 / 1.10 at start");
        assertThat(markdown).contains("- ingestion throughput: ratio by run 0.85x, 0.79x, 0.90x; worst run 2; met in 2 of 3 runs\n");
        assertThat(markdown).contains("- ingestion throughput, run 3: ours 180000.0\n");
        assertThat(ConsoleReport.render(threeRuns())).contains("(took 20 min 30 s, 3 runs)");
    }

    @Test
    void shouldWriteEveryValueUnitAndVerdictToJson() throws IOException {
        JsonNode json = new ObjectMapper().readTree(JsonReport.render(report()));

        assertThat(json.path("started_at").asText()).isEqualTo("2026-11-26T04:10:00.123Z");
        assertThat(json.path("elapsed_seconds").asDouble()).isEqualTo(492.0);
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("machine").path("load_average").path("at_start").toString()).isEqualTo("[5.16,7.35,9.95]");
        assertThat(json.path("machine").path("load_average").path("highest_1m").asDouble()).isEqualTo(12.5);
        assertThat(json.path("parameters").path("--scales").asText()).isEqualTo("1,2,4");
        assertThat(json.path("figures_met").asInt()).isEqualTo(1);

        JsonNode ingestion = json.path("figures").get(0);
        assertThat(ingestion.path("id").asText()).isEqualTo("ingestion");
        assertThat(ingestion.path("ours").get(0).path("value").asDouble()).isEqualTo(41230.4);
        assertThat(ingestion.path("ours").get(0).path("unit").asText()).isEqualTo("events/s");
        assertThat(ingestion.path("ratio").asDouble()).isEqualTo(41230.4 / 52000);
        assertThat(ingestion.path("targets").get(0).path("target").asText()).isEqualTo(">= 0.8x");
        assertThat(ingestion.path("met").asBoolean()).isFalse();
        assertThat(ingestion.path("error").isNull()).isTrue();

        JsonNode serving = json.path("figures").get(1);
        assertThat(serving.path("ours").get(1).path("name").asText()).isEqualTo("p99");
        assertThat(serving.path("met").asBoolean()).isTrue();

        JsonNode speed = json.path("figures").get(2);
        assertThat(speed.path("ratio").isNull()).isTrue();
        assertThat(speed.path("error").asText()).isEqualTo("the speed layer exited with code 1");
        assertThat(speed.path("targets")).hasSize(2);
    }

    @Test
    void shouldRenderOneMarkdownTableWithEscapedCells() {
        String markdown = MarkdownReport.render(report());

        assertThat(markdown).contains("| figure | ours | baseline (same run) | ratio | target | met |\n| --- | --- | --- | --- | --- | --- |\n");
        assertThat(markdown).contains("| ingestion throughput | 41,230 events/s | 52,000 events/s (Kafka ProducerPerformance) | 0.79x"
                + " | >= 0.8x | NO |");
        assertThat(markdown).contains("| serving latency | p50 12.3 ms, p99 41.2 ms, 812 QPS | p99 30.0 ms (same SQL \\| over JDBC)"
                + " | 1.37x | p99 <= 50 ms | yes |");
        assertThat(markdown).contains("| speed freshness | failed: the speed layer exited with code 1 | trigger interval | - |"
                + " p99 <= 3x trigger; lag not growing | ERROR |");
        assertThat(markdown).contains("- machine: 2 cores, 24.0 GiB, AMD EPYC; Debian 17.0.15; Linux 6.1 amd64\n");
        assertThat(markdown).contains("- load average: 5.16 / 7.35 / 9.95 at start, 3.20 / 5.00 / 8.00 at end, highest 1-minute 12.50");
        assertThat(markdown).contains("- ingestion throughput: rates from LogAppendTime stamps\n");
        assertThat(markdown).contains("1 of 3 figures met their targets; some could not be measured (ERROR).");
        assertThat(markdown.lines().filter(line -> line.startsWith("|"))).hasSize(5);
    }

    @Test
    void shouldEscapeMarkdownOnlyWhereItWouldBeRead() {
        assertThat(MarkdownReport.escape("serving_view <= 50 ms")).isEqualTo("serving_view <= 50 ms");
        assertThat(MarkdownReport.escape("_x_ *y* `z` [a] <b>")).isEqualTo("\\_x\\_ \\*y\\* \\`z\\` \\[a\\] \\<b>");
    }

    @Test
    void shouldAlignTheConsoleTable() {
        List<String> lines = ConsoleReport.render(report()).lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("figure")).findFirst().orElseThrow());

        String rule = lines.get(header + 1);
        assertThat(rule).matches("-+( +-+)+");
        int ratioColumn = lines.get(header).indexOf("ratio");
        assertThat(lines.get(header + 2).substring(ratioColumn)).startsWith("0.79x");
        assertThat(lines.get(header + 3).substring(ratioColumn)).startsWith("1.37x");
        assertThat(lines).contains("details:", "- speed freshness: not measured: the speed layer exited with code 1");
        assertThat(lines.get(0)).isEqualTo("lambda-arch benchmark, 2026-11-26T04:10:00Z (took 8 min 12 s)");
    }

    @Test
    void shouldSaveLatestAndATimestampedCopy(@TempDir Path dir) throws IOException {
        List<Path> files = new ResultsWriter(dir.resolve("results")).write(report());

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("latest.json", "latest.md", "20261126T041000Z.json", "20261126T041000Z.md");
        assertThat(Files.readString(files.get(0))).isEqualTo(Files.readString(files.get(2)));
        assertThat(Files.readString(files.get(1))).isEqualTo(MarkdownReport.render(report()));
        try (Stream<Path> entries = Files.list(dir.resolve("results"))) {
            assertThat(entries).hasSize(4);
        }
    }

    @Test
    void shouldReadTheThreeLoadAverages() {
        assertThat(LoadAverage.parse("5.16 7.35 9.95 3/812 23541\n")).isEqualTo(new LoadAverage(5.16, 7.35, 9.95));
        assertThat(new LoadAverage(1.5, -1, -1).describe()).isEqualTo("1.50 (1 min)");
    }
}
