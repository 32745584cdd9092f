package io.lambdaarch.batch.cli;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.job.BatchJob;
import io.lambdaarch.batch.lock.LockHeldException;
import io.lambdaarch.batch.lock.LockStaleException;
import io.lambdaarch.batch.metrics.BatchMetricsPublisher;
import io.lambdaarch.batch.metrics.BatchMetricsSettings;
import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.batch.runtime.CrashPoints;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The batch layer's command line: lands Kafka into the S3 archive and raw_batch, recomputes batch_view, replays the
 * archive and reports status. Exit codes: 0 done, 1 failed (nothing half-applied), 2 bad options or configuration,
 * 3 another run holds the lock, 4 the run holding the lock has held it past LAMBDA_BATCH_LOCK_STALE_AFTER (likely stuck).
 *
 * <p>Usage: {@code java -jar batch-layer/target/batch-layer.jar <land|recompute|run|replay-archive|status> [options]},
 * usually through {@code ./lambda batch <command>}. Example (what cron runs): {@code ./lambda batch run}.
 */
@Command(name = "batch", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {LandCommand.class, RecomputeCommand.class, RunCommand.class, ReplayArchiveCommand.class, StatusCommand.class},
        description = {"The batch layer: Kafka -> S3 archive -> COPY into raw_batch -> recompute batch_view.",
            "Exit codes: 0 done, 1 failed (nothing half-applied), 2 bad options or configuration, 3 another run holds the lock,",
            "4 the run holding the lock has held it past LAMBDA_BATCH_LOCK_STALE_AFTER (likely stuck)."})
public final class BatchCommand implements Callable<Integer> {
    /** Exit code when another run holds the lock for longer than --lock-timeout. */
    public static final int LOCK_HELD = 3;
    /** Exit code when the run holding the lock has held it past LAMBDA_BATCH_LOCK_STALE_AFTER: likely stuck. */
    public static final int LOCK_STALE = 4;

    @Spec
    private CommandSpec spec;

    private final Supplier<ConfigSource> settings;
    private final Clock clock;

    BatchCommand(Supplier<ConfigSource> settings, Clock clock) {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public static void main(String[] args) {
        System.exit(createCommandLine(ConfigSource::fromEnvironment, Clock.systemUTC()).execute(args));
    }

    /**
     * Builds the command line; {@code settings} is read only when a command runs, so a broken config file is reported
     * like any other configuration problem.
     */
    public static CommandLine createCommandLine(Supplier<ConfigSource> settings, Clock clock) {
        CommandLine commandLine = new CommandLine(new BatchCommand(settings, clock));
        commandLine.registerConverter(CrashPoint.class, CrashPointConverter::convert);
        CommandLines.describeSettings(CommandLines.configure(commandLine), BatchConfig.settings());
        CommandLine.IExecutionExceptionHandler standard = commandLine.getExecutionExceptionHandler();
        commandLine.setExecutionExceptionHandler((failure, failed, parseResult) -> {
            if (failure instanceof LockStaleException) {
                failed.getErr().println(failed.getColorScheme().errorText("STALE LOCK: " + failure.getMessage()));
                failed.getErr().flush();
                return LOCK_STALE;
            }
            if (failure instanceof LockHeldException) {
                failed.getErr().println(failed.getColorScheme().errorText("LOCKED: " + failure.getMessage()));
                failed.getErr().flush();
                return LOCK_HELD;
            }
            return standard.handleExecutionException(failure, failed, parseResult);
        });
        return commandLine;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLines.USAGE;
    }

    /** The job for one command, with its options applied over the configured settings. */
    BatchJob job(RunOptions options, PrintWriter out) {
        BatchConfig config = BatchConfig.from(settings.get(), options.settingOverrides());
        return new BatchJob(config, out, clock, CrashPoints.halting(options.crashAt(), out),
                new BatchMetricsPublisher(config.metrics(), HttpClient::newHttpClient, out));
    }

    /** The job for a command that only reads (no lock, no crash points). */
    BatchJob readOnlyJob(PrintWriter out) {
        // status changes nothing, so it leaves no metrics
        return new BatchJob(BatchConfig.from(settings.get()), out, clock, CrashPoints.none(out),
                new BatchMetricsPublisher(BatchMetricsSettings.none(), HttpClient::newHttpClient, out));
    }
}
