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
        return new BenchReport(STARTED, Duration.ofSeconds(492), machine, load, parameters, List.of(ingestion, serving, speed),
                List.of("one run on a shared machine"));
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
