package io.lambdaarch.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.x.XApiClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The command end to end, without Kafka: help, usage errors, and a broker that is not there. */
class IngestCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldDescribeEveryOption() {
        CommandLine commandLine = commandLine(Map.of());
        assertThat(CommandLines.undocumentedOptions(commandLine)).isEmpty();
        for (OptionSpec option : commandLine.getCommandSpec().options()) {
            if (option.arity().max() > 0) {
                assertThat(option.paramLabel()).as("label of %s", option.longestName()).doesNotStartWith("<");
            }
        }
    }

    @Test
    void shouldPrintHelp() {
        int exitCode = execute(Map.of(), "--help");

        assertThat(exitCode).isEqualTo(CommandLines.OK);
        assertThat(out.toString()).contains("--source=SOURCE", "synthetic, replay, x-stream", "--duplicate-fraction",
                "event, x-v2", "Examples:");
    }

    @Test
    void shouldRejectAnUnknownSourceWithUsage() {
        int exitCode = execute(Map.of(), "--source", "twitter");

        assertThat(exitCode).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("'twitter': expected one of synthetic, replay, x-stream").contains("Usage:");
    }

    @Test
    void shouldRejectABadRate() {
        assertThat(execute(Map.of(), "--source", "synthetic", "--rate", "fast")).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("'fast'").contains("unlimited");
    }

    @Test
    void shouldReportConfigProblemsInOneGo() {
        int exitCode = execute(Map.of(), "--source", "replay");

        assertThat(exitCode).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString()).contains("2 configuration problems", "LAMBDA_KAFKA_BOOTSTRAP", "--file").doesNotContain("Exception");
    }

    @Test
    void shouldGiveOneLineWhenTheBrokerIsDown() {
        int exitCode = execute(Map.of(KafkaSettings.BOOTSTRAP.name(), "127.0.0.1:1", "LAMBDA_INGEST_CONNECT_TIMEOUT", "2s"),
                "--source", "synthetic", "--count", "10");

        assertThat(exitCode).isEqualTo(CommandLines.FAILED);
        assertThat(err.toString().strip())
                .isEqualTo("ERROR: Kafka is not reachable at 127.0.0.1:1 (waited 2s): is the broker running? Check LAMBDA_KAFKA_BOOTSTRAP");
    }

    private int execute(Map<String, String> settings, String... args) {
        CommandLine commandLine = commandLine(settings);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return commandLine.execute(args);
    }

    private static CommandLine commandLine(Map<String, String> settings) {
        return IngestCommand.createCommandLine(new IngestCommand.Context(() -> ConfigSource.of(settings), Clock.systemUTC(),
                Sleeper.SYSTEM, XApiClient::defaultHttpClient));
    }
}
