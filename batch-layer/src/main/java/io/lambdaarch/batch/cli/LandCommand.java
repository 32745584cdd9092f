package io.lambdaarch.batch.cli;

import io.lambdaarch.batch.job.BatchJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Lands the topic's backlog: drains Kafka from the offsets stored in the warehouse up to the end offsets captured at
 * start, writes the archive files, then COPYs them into raw_batch and advances the offsets in one transaction.
 *
 * <p>Usage: {@code batch land [--lock-timeout DURATION] [--accept-lost-offsets]}. Example: {@code ./lambda batch land}.
 */
@Command(name = "land", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Drain Kafka into the S3 archive and COPY the new files into raw_batch (one transaction).")
final class LandCommand extends JobCommand {
    @Mixin
    private LandingOptions landing;

    @Override
    void execute(BatchJob job) {
        job.land(landing.acceptLostOffsets());
    }
}
