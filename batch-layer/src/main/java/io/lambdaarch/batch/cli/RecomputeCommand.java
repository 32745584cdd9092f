package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.job.BatchJob;
import picocli.CommandLine.Command;

/**
 * Rebuilds batch_view from raw_batch for cutoff = floor(landed_through, LAMBDA_INGEST_BUCKET) and records the run,
 * atomically with the new view.
 *
 * <p>Usage: {@code batch recompute [--lock-timeout DURATION]}. Example: {@code ./lambda batch recompute}.
 */
@Command(name = "recompute", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild batch_view from raw_batch rows ingested before the cutoff (one transaction).")
final class RecomputeCommand extends JobCommand {
    @Override
    void execute(BatchJob job) {
        job.recompute();
    }
}
