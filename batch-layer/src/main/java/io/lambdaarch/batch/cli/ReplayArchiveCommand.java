package io.lambdaarch.batch.cli;

import io.lambdaarch.common.cli.CommandLines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Rebuilds raw_batch from the S3 archive alone (no Kafka needed), up to the landed offsets, then recomputes
 * batch_view; the result equals what the landing runs had built.
 *
 * <p>Usage: {@code batch replay-archive [--lock-timeout DURATION]}. Example: {@code ./lambda batch replay-archive}.
 */
@Command(name = "replay-archive", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild raw_batch from the S3 archive alone (e.g. after Kafka retention dropped the data), then recompute.")
final class ReplayArchiveCommand implements Callable<Integer> {
    @ParentCommand
    private BatchCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions options;

    @Override
    public Integer call() {
        parent.job(options, spec.commandLine().getOut()).replayArchive();
        return CommandLines.OK;
    }
}
