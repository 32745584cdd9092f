package io.lambdaarch.batch.cli;

import picocli.CommandLine.Option;

/** Options of the commands that bring batch_view to a new cutoff. */
final class RecomputeOptions {
    @Option(names = "--full",
            description = "Rebuild batch_view from every first copy before the cutoff instead of adding only what was"
                    + " ingested since the previous cutoff (a run is full anyway once LAMBDA_BATCH_FULL_RECOMPUTE_EVERY has passed since the last full one).")
    private boolean full;

    boolean full() {
        return full;
    }
}
