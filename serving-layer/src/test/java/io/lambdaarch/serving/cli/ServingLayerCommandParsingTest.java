package io.lambdaarch.serving.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.cli.CommandLines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServingLayerCommandParsingTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServingLayerCommand.createCommandLine(environment, new CountDownLatch(1), Clock.systemUTC());
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        commandLine.getSubcommands().values().forEach(sub -> {
            sub.setOut(new PrintWriter(out));
            sub.setErr(new PrintWriter(err));
        });
        return commandLine.execute(args);
    }

    @Test
    void everyCommandOptionAndParameterShouldHaveADescription() {
        CommandLine root = ServingLayerCommand.createCommandLine(Map.of(), new CountDownLatch(1), Clock.systemUTC());

        assertThat(root.getSubcommands()).containsOnlyKeys("serve", "query", "top");
        assertThat(CommandLines.undocumentedOptions(root)).isEmpty();
    }

    @Test
    void topShouldRejectABadInstantAsAUsageError() {
        int code = execute(Map.of(), "top", "--from", "yesterday");

        assertThat(code).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("'yesterday' is not an ISO-8601 instant");
    }

    @Test
    void topShouldRejectABackwardRangeAndAnOutOfRangeLimit() {
        assertThat(execute(Map.of(), "top", "--from", "2026-11-26T10:00:00Z", "--to", "2026-11-26T09:00:00Z"))
                .isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("--to (2026-11-26T09:00:00Z) must be after --from (2026-11-26T10:00:00Z)");

        assertThat(execute(Map.of(), "top", "--limit", "0")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("Invalid value 0 for option --limit");
    }

    @Test
    void queryShouldNeedSql() {
        assertThat(execute(Map.of(), "query")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("Missing required parameter: 'SQL'");
    }

    @Test
    void commandsShouldReportMissingConfigurationInOneLine() {
        assertThat(execute(Map.of(), "query", "SELECT 1")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("Missing LAMBDA_WAREHOUSE_URL").doesNotContain("at io.lambdaarch");
    }

    @Test
    void serveShouldRejectAPortOutOfRange() {
        Map<String, String> environment = Map.of("LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:1/none");

        assertThat(execute(environment, "serve", "--port", "70000")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("Invalid value 70000 for LAMBDA_SERVING_PORT (from option --port)");
    }

    @Test
    void serveShouldStopAtStartUpOnAnInvalidViewsFileInOneLine(@TempDir Path directory) throws IOException {
        Path views = Files.writeString(directory.resolve("views.json"), INVALID_VIEWS);
        Map<String, String> environment = Map.of("LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:1/none",
                "LAMBDA_VIEWS_FILE", views.toString());

        assertThat(execute(environment, "serve")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("views file " + views + ": view \"by_lang\": measure \"m\": aggregation \"avg\""
                + " is not supported (count, sum)").doesNotContain("\tat ");
    }

    // One view whose measure asks for an aggregation that cannot merge exactly across the layers.
    private static final String INVALID_VIEWS = """
            {"views": [{"name": "by_lang", "dimensions": [{"name": "lang", "source": "lang"}],
              "measures": [{"name": "m", "aggregation": "avg", "source": "retweet_count"}]}]}
            """;
}
