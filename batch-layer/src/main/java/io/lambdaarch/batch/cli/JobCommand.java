package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.job.BatchJob;
import io.lambdaarch.common.cli.CommandLines;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** A command that changes the warehouse: it takes the lock through its job and knows the shared run options. */
abstract class JobCommand implements Callable<Integer> {
    @ParentCommand
    private BatchCommand parent;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RunOptions options;

    @Override
    public final Integer call() {
        execute(parent.job(options, spec.commandLine().getOut()));
        return CommandLines.OK;
    }

    /** Runs the command's one job method; returning means all of it committed. */
    abstract void execute(BatchJob job);
}
