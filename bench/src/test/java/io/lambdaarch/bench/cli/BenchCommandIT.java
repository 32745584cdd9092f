package io.lambdaarch.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.cli.CommandLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Smoke test of {@code ./lambda bench --runs 2} with tiny sizes, so the command cannot rot: every figure is measured
 * twice, each run on a stack of its own, with the services' real jars (built earlier in the reactor), and the table of
 * medians and worst runs is saved. It asserts what was measured and written, never how fast: benchmarks only print.
 */
class BenchCommandIT {
    private static final List<String> FIGURES = List.of("ingestion", "landing", "recompute", "landing-2x", "recompute-2x",
            "incremental", "incremental-4x", "serving", "serving-30d", "speed-freshness", "speed-state");

    @Test
    void shouldMeasureEveryFigureAgainstItsBaselineInEachRunAndSaveOneTable(@TempDir Path dir) throws IOException {
        Path home = Path.of(System.getProperty("lambda.home", "..")).toAbsolutePath().normalize();
        Path results = dir.resolve("results");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = BenchCommand.createCommandLine(System.getenv());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        int exit = command.execute("--home", home.toString(), "--work-dir", dir.resolve("work").toString(),
                "--results-dir", results.toString(), "--runs", "2", "--ingest-events", "2000", "--events", "2000", "--scales", "1,2",
                "--history-days", "2", "--history-locations", "10",
                "--serving-clients", "2", "--serving-warmup", "1s", "--serving-duration", "2s", "--serving-window", "6h",
                "--speed-rate", "200", "--speed-warmup", "2s", "--speed-duration", "10s", "--speed-bucket", "5s",
                "--speed-watermark", "1s");

        assertThat(exit).as("exit code; output:%n%s%nerrors:%n%s", out, err).isEqualTo(CommandLines.OK);
        JsonNode json = new ObjectMapper().readTree(results.resolve("latest.json").toFile());
        List<String> ids = new ArrayList<>();
        for (JsonNode figure : json.path("figures")) {
            String id = figure.path("id").asText();
            ids.add(id);
            assertThat(figure.path("error").isNull()).as("%s error: %s", id, figure.path("error")).isTrue();
            assertThat(figure.path("ours")).as(id).isNotEmpty();
            assertThat(figure.path("baseline")).as(id).isNotEmpty();
            for (JsonNode value : figure.path("ours")) {
                assertThat(value.path("value").asDouble()).as("%s %s", id, value).isPositive();
            }
            for (JsonNode value : figure.path("baseline")) {
                assertThat(value.path("value").asDouble()).as("%s baseline %s", id, value).isPositive();
            }
            assertThat(figure.path("ratio").asDouble()).as(id).isPositive();
            assertThat(figure.path("targets")).as(id).isNotEmpty();
            assertThat(figure.path("runs")).as(id).hasSize(2);
            for (JsonNode run : figure.path("runs")) {
                assertThat(run.path("error").isNull()).as("%s run %s error: %s", id, run.path("run"), run.path("error")).isTrue();
                assertThat(run.path("ratio").asDouble()).as("%s run %s", id, run.path("run")).isPositive();
            }
            assertThat(figure.path("worst").path("run").asInt()).as(id).isBetween(1, 2);
            boolean metInBoth = figure.path("runs").get(0).path("met").asBoolean() && figure.path("runs").get(1).path("met").asBoolean();
            assertThat(figure.path("met").asBoolean()).as("%s is met only when met in both runs", id).isEqualTo(metInBoth);
        }
        assertThat(json.path("parameters").path("--runs").asText()).isEqualTo("2");
        assertThat(json.path("runs")).hasSize(2);
        for (String run : List.of("run-1", "run-2")) {
            assertThat(dir.resolve("work").resolve(run).resolve("logs")).as("%s keeps its logs", run).isDirectory();
            assertThat(dir.resolve("work").resolve(run).resolve("data")).as("%s's stack data is deleted", run).doesNotExist();
        }
        assertThat(ids).containsExactlyElementsOf(FIGURES);
        assertThat(json.path("machine").path("cores").asInt()).isPositive();
        assertThat(json.path("machine").path("load_average").path("at_start")).isNotEmpty();

        String markdown = Files.readString(results.resolve("latest.md"));
        assertThat(markdown).contains("| figure | ours: median | ours: worst run | baseline: median | ratio: median / worst"
                + " | target | met in every run |");
        assertThat(markdown).contains("- run 1: took ").contains("- run 2: took ");
        assertThat(markdown.lines().filter(line -> line.startsWith("| "))).hasSize(FIGURES.size() + 2);
        assertThat(out.toString()).contains("figure  ").contains("Saved to " + results.resolve("latest.json"));
        try (Stream<Path> files = Files.list(results)) {
            assertThat(files).hasSize(4);
        }
    }
}
