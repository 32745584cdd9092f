package io.lambdaarch.speed.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.cli.BuildVersion;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SpeedLayerCommandParsingTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "LAMBDA_KAFKA_BOOTSTRAP", "broker:9092",
            "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://db:5432/lambda",
            "LAMBDA_SPEED_CHECKPOINT", "/from/environment",
            "LAMBDA_SPEED_TRIGGER_INTERVAL", "1m");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldLetOptionsOverrideTheEnvironment() {
        CommandLine commandLine = commandLine(ENVIRONMENT);
        commandLine.parseArgs("--once", "--checkpoint", "s3a://bucket/speed", "--trigger-interval", "5s",
                "--max-offsets-per-trigger", "700", "--replace-checkpoint");

        SpeedLayerConfig config = commandLine.<SpeedLayerCommand>getCommand().config();

        assertThat(config.once()).isTrue();
        assertThat(config.checkpointLocation()).isEqualTo("s3a://bucket/speed");
        assertThat(config.triggerInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxOffsetsPerTrigger()).isEqualTo(700);
        assertThat(config.replaceCheckpoint()).isTrue();
    }

    @Test
    void shouldKeepTheEnvironmentWhereNoOptionIsGiven() {
        CommandLine commandLine = commandLine(ENVIRONMENT);
        commandLine.parseArgs();

        SpeedLayerConfig config = commandLine.<SpeedLayerCommand>getCommand().config();

        assertThat(config.once()).isFalse();
        assertThat(config.replaceCheckpoint()).as("replacing a checkpoint is never a side effect").isFalse();
        assertThat(config.checkpointLocation()).isEqualTo("/from/environment");
        assertThat(config.triggerInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldRejectABadOptionValueWithUsage() {
        int exit = commandLine(ENVIRONMENT).execute("--trigger-interval", "soon");

        assertThat(exit).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration").contains("Usage: speed");
    }

    @Test
    void shouldExitWithUsageCodeAndNameEveryMissingSetting() {
        int exit = commandLine(Map.of()).execute("--once");

        assertThat(exit).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("LAMBDA_KAFKA_BOOTSTRAP").contains("LAMBDA_WAREHOUSE_URL").doesNotContain("\tat ");
    }

    @Test
    void shouldPrintTheBuildVersion() {
        assertThat(commandLine(ENVIRONMENT).execute("--version")).isZero();
        assertThat(out.toString()).startsWith("speed (lambda-arch) " + BuildVersion.version())
                .doesNotContain(BuildVersion.UNKNOWN);
    }

    @Test
    void shouldDescribeEveryOption() {
        assertThat(CommandLines.undocumentedOptions(commandLine(ENVIRONMENT))).isEmpty();
    }

    private CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = SpeedLayerCommand.createCommandLine(environment, Clock.systemUTC(), Duration.ofSeconds(1));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    @Test
    void shouldStopAtStartUpOnAnInvalidViewsFileInOneLine(@TempDir Path directory) throws IOException {
        Path views = Files.writeString(directory.resolve("views.json"), INVALID_VIEWS);
        Map<String, String> environment = new java.util.HashMap<>(ENVIRONMENT);
        environment.put("LAMBDA_VIEWS_FILE", views.toString());

        int exit = commandLine(environment).execute("--once");

        assertThat(exit).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("views file " + views + ": view \"by_lang\": measure \"m\": aggregation"
                + " \"avg\" is not supported (count, sum)").doesNotContain("\tat ");
    }

    // One view whose measure asks for an aggregation that cannot merge exactly across the layers.
    private static final String INVALID_VIEWS = """
            {"views": [{"name": "by_lang", "dimensions": [{"name": "lang", "source": "lang"}],
              "measures": [{"name": "m", "aggregation": "avg", "source": "retweet_count"}]}]}
            """;
}
