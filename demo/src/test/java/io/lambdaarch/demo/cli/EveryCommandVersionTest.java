package io.lambdaarch.demo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.cli.BatchCommand;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.localstack.cli.LocalStackCommand;
import io.lambdaarch.serving.cli.ServingLayerCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and subcommand {@code ./lambda} runs answers {@code --version} with the version the build was made
 * as. Bench (which depends on this module) and the speed layer (whose command needs Spark, not on this classpath)
 * check theirs in BenchCommandTest and SpeedLayerCommandParsingTest.
 */
class EveryCommandVersionTest {
    @Test
    void everyCommandShouldPrintTheBuildVersion() throws IOException {
        String version = projectVersion();
        List<CommandLine> roots = List.of(
                PipelineToolCommand.createCommandLine(),
                IngestCommand.createCommandLine(new IngestCommand.Context(() -> ConfigSource.of(Map.of()),
                        Clock.systemUTC(), Sleeper.SYSTEM, XApiClient::defaultHttpClient)),
                BatchCommand.createCommandLine(() -> ConfigSource.of(Map.of()), Clock.systemUTC()),
                ServingLayerCommand.createCommandLine(Map.of(), new CountDownLatch(1), Clock.systemUTC()),
                LocalStackCommand.createCommandLine(Map.of(), new CountDownLatch(1)));

        List<String> checked = new ArrayList<>();
        for (CommandLine root : roots) {
            List<CommandLine> commands = new ArrayList<>(List.of(root));
            root.getSubcommands().values().stream().distinct().forEach(commands::add);
            for (CommandLine command : commands) {
                List<String> arguments = new ArrayList<>();
                if (command != root) {
                    arguments.add(command.getCommandName());
                }
                arguments.add("--version");
                StringWriter out = new StringWriter();
                root.setOut(new PrintWriter(out, true));
                command.setOut(new PrintWriter(out, true));

                assertThat(root.execute(arguments.toArray(String[]::new))).as(arguments.toString()).isZero();
                String qualifiedName = command.getCommandSpec().qualifiedName();
                assertThat(out.toString()).as(qualifiedName).startsWith(qualifiedName + " (lambda-arch) " + version);
                checked.add(qualifiedName);
            }
        }
        assertThat(checked).contains("lambda demo", "lambda verify", "ingest", "batch", "batch run", "batch status",
                "serving-layer serve", "serving-layer query", "serving-layer top", "stack");
    }

    private static String projectVersion() throws IOException {
        Matcher matcher = Pattern.compile("<artifactId>lambda-arch-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
