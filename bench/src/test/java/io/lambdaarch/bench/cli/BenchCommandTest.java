package io.lambdaarch.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.config.FigureGroup;
import io.lambdaarch.common.cli.BuildVersion;
import io.lambdaarch.common.cli.CommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
    private static BenchSettings parse(String... args) {
        CommandLine commandLine = BenchCommand.createCommandLine(Map.of());
        commandLine.parseArgs(args);
        return ((BenchOptions) commandLine.getCommandSpec().mixins().get("options").userObject()).toSettings();
    }

    @Test
    void shouldPrintTheBuildVersion() {
        CommandLine commandLine = BenchCommand.createCommandLine(Map.of());
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));

        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("bench (lambda-arch) " + BuildVersion.version())
                .doesNotContain(BuildVersion.UNKNOWN);
    }

    @Test
    void shouldDescribeEveryOption() {
        assertThat(CommandLines.undocumentedOptions(BenchCommand.createCommandLine(Map.of()))).isEmpty();
    }

    @Test
    void shouldDefaultToSizesThatFinishWithinTenMinutes() {
        BenchSettings settings = parse("--home", "/repo");

        assertThat(settings.home()).isEqualTo(Path.of("/repo"));
        assertThat(settings.workDir()).isEqualTo(Path.of("/repo/.lambda/bench"));
        assertThat(settings.resultsDir()).isEqualTo(Path.of("/repo/bench/results"));
        assertThat(settings.figures()).containsExactly(FigureGroup.values());
        assertThat(settings.events()).isEqualTo(200_000);
        assertThat(settings.scales()).containsExactly(1, 2, 4);
        assertThat(settings.historyDays()).isEqualTo(90);
        assertThat(settings.historyLocations()).isEqualTo(500);
        assertThat(settings.servingClients()).isEqualTo(32);
        assertThat(settings.servingWarmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.servingDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.servingWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.speedRate()).isEqualTo(5_000);
        assertThat(settings.speedTrigger()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.speedWarmup()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.speedDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.speedBucket()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.speedWatermark()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.speedTimeScale()).isEqualTo(120);
    }

    @Test
    void shouldMapEveryOptionToItsSetting() {
        BenchSettings settings = parse("--home", "/repo", "--work-dir", "/tmp/work", "--results-dir", "/tmp/results",
                "--figures", "speed,batch", "--ingest-events", "5000", "--events", "1000", "--scales", "1,3", "--seed", "11", "--history-days", "3", "--history-locations", "20",
                "--serving-clients", "4", "--serving-warmup", "1s", "--serving-duration", "2s", "--serving-window", "6h",
                "--speed-rate", "100", "--speed-trigger", "500ms", "--speed-warmup", "3s", "--speed-duration", "20s",
                "--speed-bucket", "10s", "--speed-watermark", "2s");

        assertThat(settings).isEqualTo(new BenchSettings(Path.of("/repo"), Path.of("/tmp/work"), Path.of("/tmp/results"),
                Set.of(FigureGroup.BATCH, FigureGroup.SPEED), 5000, 1000,
                List.of(1, 3), 11, 3, 20, 4, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(6), 100,
                Duration.ofMillis(500), Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofSeconds(10),
                Duration.ofSeconds(2), Optional.empty()));
        assertThat(settings.speedTimeScale()).isEqualTo(360);
        assertThat(settings.measures(FigureGroup.SERVING)).isFalse();
        assertThat(settings.describe()).containsEntry("--figures", "batch,speed").containsEntry("--scales", "1,3").containsEntry("--speed-bucket", "10s");
    }

    @Test
    void shouldRejectEveryBadValueAtOnceWithUsageExitCode() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = BenchCommand.createCommandLine(Map.of());
        commandLine.setErr(new PrintWriter(err));
        commandLine.setOut(new PrintWriter(new StringWriter()));

        int exit = commandLine.execute("--home", "/repo", "--events", "10", "--scales", "2,4", "--speed-duration", "30s");

        assertThat(exit).isEqualTo(CommandLines.USAGE);
        assertThat(err.toString())
                .contains("Invalid value 10 for option --events: expected at least 100")
                .contains("Invalid value [2, 4] for option --scales: expected a list starting with 1")
                .contains("Invalid value 30s for option --speed-duration: expected at least twice --speed-bucket (30s)");
    }

    @Test
    void shouldRejectRunsOutsideOneToTwentyWithUsageExitCode() {
        for (String runs : List.of("0", "21", "-1")) {
            StringWriter err = new StringWriter();
            CommandLine commandLine = BenchCommand.createCommandLine(Map.of());
            commandLine.setErr(new PrintWriter(err));
            commandLine.setOut(new PrintWriter(new StringWriter()));

            int exit = commandLine.execute("--home", "/repo", "--work-dir", "/nonexistent/work", "--runs", runs);

            assertThat(exit).as(runs).isEqualTo(CommandLines.USAGE);
            assertThat(err.toString()).contains("--runs must be from 1 to 20, got " + runs);
        }
    }
}
