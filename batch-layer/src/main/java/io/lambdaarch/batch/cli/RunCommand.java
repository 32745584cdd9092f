package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.job.BatchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Lands, then recomputes, under one lock: the command cron runs. Exit 0 when both committed, 1 on failure (a
 * committed landing stays; nothing is half-applied), 3 when another run holds the lock.
 *
 * <p>Usage: {@code batch run [--full] [--lock-timeout DURATION] [--accept-lost-offsets]}. Example: {@code ./lambda batch run}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "land, then recompute (what cron runs). Exit 0 done, 1 failed, 3 another run holds the lock.")
final class RunCommand extends JobCommand {
    @Mixin
    private LandingOptions landing;

    @Mixin
    private RecomputeOptions recompute;

    @Override
    void execute(BatchJob job) {
        job.run(landing.acceptLostOffsets(), recompute.full());
    }
}
