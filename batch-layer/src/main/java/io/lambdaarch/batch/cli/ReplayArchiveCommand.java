package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.job.BatchJob;
import picocli.CommandLine.Command;

/**
 * Rebuilds raw_batch from the S3 archive alone (no Kafka needed), up to the landed offsets, then recomputes
 * batch_view; the result equals what the landing runs had built.
 *
 * <p>Usage: {@code batch replay-archive [--lock-timeout DURATION]}. Example: {@code ./lambda batch replay-archive}.
 */
@Command(name = "replay-archive", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuild raw_batch from the S3 archive alone (e.g. after Kafka retention dropped the data), then recompute.")
final class ReplayArchiveCommand extends JobCommand {
    @Override
    void execute(BatchJob job) {
        job.replayArchive();
    }
}
