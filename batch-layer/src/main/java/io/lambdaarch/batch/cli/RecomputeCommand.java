package io.lambdaarch.batch.cli;

import io.lambdaarch.common.cli.CommandLines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Rebuilds batch_view from raw_batch for cutoff = floor(landed_through, LAMBDA_INGEST_BUCKET) and records the run,
 * atomically with the new view.
 *
 * <p>Usage: {@code batch recompute [--lock-timeout DURATION]}. Example: {@code ./lambda batch recompute}.
 */
@Command(name = "recompute", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild batch_view from raw_batch rows ingested before the cutoff (one transaction).")
final class RecomputeCommand implements Callable<Integer> {
    @ParentCommand
    private BatchCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions options;

    @Override
    public Integer call() {
        parent.job(options, spec.commandLine().getOut()).recompute();
        return CommandLines.OK;
    }
}
