package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.config.BatchConfig;
import io.lambdaarch.batch.runtime.CrashPoint;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.SettingOverrides;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options of every command that changes the warehouse (and so takes the lock). */
final class RunOptions {
    @Option(names = "--lock-timeout", paramLabel = "DURATION",
            description = "How long to wait while another batch run holds the lock, then exit 3"
                    + " (overrides ${bundle:LAMBDA_BATCH_LOCK_TIMEOUT}).")
    private Duration lockTimeout;

    @Option(names = "--crash-at", paramLabel = "POINT", completionCandidates = CrashPointConverter.class,
            description = "For crash tests: halt the JVM as kill -9 would (exit 137) at this point: ${COMPLETION-CANDIDATES}."
                    + " See docs/batch-layer.md.")
    private CrashPoint crashAt;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    /** Options that override settings, as typed values. */
    SettingOverrides settingOverrides() {
        return SettingOverrides.none().with(BatchConfig.LOCK_TIMEOUT, lockTimeout, "option --lock-timeout");
    }

    Optional<CrashPoint> crashAt() {
        return Optional.ofNullable(crashAt);
    }
}
