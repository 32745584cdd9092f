package io.lambdaarch.batch.cli;

import picocli.CommandLine.Option;

/** Options of the commands that land. */
final class LandingOptions {
    @Option(names = "--accept-lost-offsets",
            description = "Continue when Kafka retention deleted records before they were landed (they are lost).")
    private boolean acceptLostOffsets;

    boolean acceptLostOffsets() {
        return acceptLostOffsets;
    }
}
