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
 * Lands the topic's backlog: drains Kafka from the offsets stored in the warehouse up to the end offsets captured at
 * start, writes the archive files, then COPYs them into raw_batch and advances the offsets in one transaction.
 *
 * <p>Usage: {@code batch land [--lock-timeout DURATION] [--accept-lost-offsets]}. Example: {@code ./lambda batch land}.
 */
@Command(name = "land", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drain Kafka into the S3 archive and COPY the new files into raw_batch (one transaction).")
final class LandCommand implements Callable<Integer> {
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
        parent.job(options, spec.commandLine().getOut()).land(acceptLostOffsets);
        return CommandLines.OK;
    }
}
