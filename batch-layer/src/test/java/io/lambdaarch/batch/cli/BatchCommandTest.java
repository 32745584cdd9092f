package io.lambdaarch.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
        assertThat(result.err()).contains("'later' is not a crash point", "mid-upload", "mid-copy", "after-upload",
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
        CommandLines.configure(new CommandLine(options)).parseArgs("--lock-timeout", "90s");

        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of("LAMBDA_BATCH_LOCK_TIMEOUT", "5s")), options.settingOverrides());

        assertThat(reader.get(BatchConfig.LOCK_TIMEOUT)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void shouldNameTheOverriddenSettingAndItsDeclaredDefaultInTheHelp() {
        BatchCli.Result result = BatchCli.run(NOTHING, "run", "--help");

        assertThat(result.out().replaceAll("\\s+", " ")).contains("(overrides LAMBDA_BATCH_LOCK_TIMEOUT, default 30s)")
                .doesNotContain("${");
    }

    @Test
    void shouldDescribeEveryOptionOfEveryCommand() {
        assertThat(CommandLines.undocumentedOptions(BatchCommand.createCommandLine(() -> NOTHING, Clock.systemUTC()))).isEmpty();
    }
}
