package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.job.BatchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Brings batch_view to cutoff = floor(landed_through, LAMBDA_INGEST_BUCKET) and records the run, atomically with the
 * view: incrementally (only first copies ingested since the previous cutoff), or rebuilt from every first copy with
 * {@code --full} or when LAMBDA_BATCH_FULL_RECOMPUTE_EVERY has passed since the last full one.
 *
 * <p>Usage: {@code batch recompute [--full] [--lock-timeout DURATION]}. Example: {@code ./lambda batch recompute --full}.
 */
@Command(name = "recompute", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Bring batch_view to the new cutoff: add what was ingested since the previous one, or rebuild it"
                + " with --full (one transaction).")
final class RecomputeCommand extends JobCommand {
    @Mixin
    private RecomputeOptions recompute;

    @Override
    void execute(BatchJob job) {
        job.recompute(recompute.full());
    }
}
