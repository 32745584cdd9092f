package io.lambdaarch.batch.cli;

import io.lambdaarch.common.cli.CommandLines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Lands, then recomputes, under one lock: the command cron runs. Exit 0 when both committed, 1 on failure (a
 * committed landing stays; nothing is half-applied), 3 when another run holds the lock.
 *
 * <p>Usage: {@code batch run [--lock-timeout DURATION] [--accept-lost-offsets]}. Example: {@code ./lambda batch run}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "land, then recompute (what cron runs). Exit 0 done, 1 failed, 3 another run holds the lock.")
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    private BatchCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions options;

    @Option(names = "--accept-lost-offsets",
            description = "Continue when Kafka retention deleted records before they were landed (they are lost).")
    private boolean acceptLostOffsets;

    @Override
    public Integer call() {
        parent.job(options, spec.commandLine().getOut()).run(acceptLostOffsets);
        return CommandLines.OK;
    }
}
