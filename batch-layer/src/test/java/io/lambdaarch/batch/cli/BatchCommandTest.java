package io.lambdaarch.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.common.config.ConfigSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Parsing and wiring of the command line, without any outside system. */
class BatchCommandTest {
    private static final ConfigSource NOTHING = ConfigSource.of(Map.of());

    @Test
    void shouldListEveryCommandInTheHelp() {
        BatchCli.Result result = BatchCli.run(NOTHING, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("land", "recompute", "run", "replay-archive", "status", "3 another run holds the lock");
    }

    @Test
    void shouldShowUsageWithoutACommand() {
        BatchCli.Result result = BatchCli.run(NOTHING);

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: batch");
    }

    @Test
    void shouldRejectAnUnknownCrashPointNamingTheKnownOnes() {
        BatchCli.Result result = BatchCli.run(NOTHING, "run", "--crash-at", "later");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'later' is not a crash point", "mid-upload", "after-upload",
                "after-copy-before-commit", "during-recompute");
    }

    @Test
    void shouldRejectAMalformedLockTimeout() {
        BatchCli.Result result = BatchCli.run(NOTHING, "land", "--lock-timeout", "a while");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'a while' is not a duration");
    }

    @Test
    void shouldExitTwoNamingEveryMissingSetting() {
        BatchCli.Result result = BatchCli.run(NOTHING, "run");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("3 configuration problems", "LAMBDA_KAFKA_BOOTSTRAP", "LAMBDA_S3_BUCKET",
                "LAMBDA_WAREHOUSE_URL").doesNotContain("at io.lambdaarch");
    }

    @Test
    void shouldLetTheLockTimeoutOptionOverrideTheSetting() {
        RunOptions options = new RunOptions();
        new CommandLine(options).registerConverter(java.time.Duration.class, io.lambdaarch.common.config.Durations::parse)
                .parseArgs("--lock-timeout", "90s");

        assertThat(options.settingOverrides()).isEqualTo(Map.of("LAMBDA_BATCH_LOCK_TIMEOUT", "90s"));
    }

    @Test
    void shouldDescribeEveryOptionOfEveryCommand() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(BatchCommand.createCommandLine(() -> NOTHING, Clock.systemUTC()), undescribed);

        assertThat(undescribed).isEmpty();
    }

    private static void collectUndescribed(CommandLine commandLine, List<String> undescribed) {
        CommandSpec spec = commandLine.getCommandSpec();
        if (spec.usageMessage().description().length == 0) {
            undescribed.add(spec.qualifiedName());
        }
        for (OptionSpec option : spec.options()) {
            if (option.description().length == 0 || option.description()[0].isBlank()) {
                undescribed.add(spec.qualifiedName() + " " + option.longestName());
            }
        }
        commandLine.getSubcommands().values().forEach(sub -> collectUndescribed(sub, undescribed));
    }
}
