package io.lambdaarch.demo.cli;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.demo.verify.VerifyRunner;
import io.lambdaarch.demo.verify.VerifySettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the pipeline over a deterministic workload on a fresh embedded stack and checks the merged answer after
 * every phase against a truth computed from the workload alone.
 *
 * <p>Usage: {@code ./lambda verify [--events N] [--seed N]}. Example: {@code ./lambda verify --events 1000000}.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Self-check: on a fresh embedded stack, ingests part 1 of a deterministic workload and catches up the speed"
                + " layer, runs the batch job, ingests part 2 (with events late by days), catches up the speed layer and runs the"
                + " batch job again.",
                "After each phase it compares serving_view and the API with the truth computed from the workload, prints a table"
                        + " and exits 1 on any difference."})
public final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private HomeOption home;

    @Option(names = "--events", paramLabel = "N", defaultValue = "200000",
            description = "Records over both parts, valid or not (default: ${DEFAULT-VALUE}).")
    private long events;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of part 1; part 2 uses seed + 1 (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--late-fraction", paramLabel = "FRACTION", defaultValue = "0.05",
            description = "Share of late events in part 1 (default: ${DEFAULT-VALUE}).")
    private double lateFraction;

    @Option(names = "--max-lateness", paramLabel = "DURATION", defaultValue = "6h",
            description = "How late part 1's late events can be (default: ${DEFAULT-VALUE}).")
    private Duration maxLateness;

    @Option(names = "--part-two-late-fraction", paramLabel = "FRACTION", defaultValue = "0.3",
            description = "Share of late events in part 2 (default: ${DEFAULT-VALUE}).")
    private double partTwoLateFraction;

    @Option(names = "--part-two-max-lateness", paramLabel = "DURATION", defaultValue = "5d",
            description = "How late part 2's late events can be (default: ${DEFAULT-VALUE}).")
    private Duration partTwoMaxLateness;

    @Option(names = "--duplicate-fraction", paramLabel = "FRACTION", defaultValue = "0.02",
            description = "Share of records that repeat an earlier one (default: ${DEFAULT-VALUE}).")
    private double duplicateFraction;

    @Option(names = "--malformed-fraction", paramLabel = "FRACTION", defaultValue = "0.01",
            description = "Share of malformed records (default: ${DEFAULT-VALUE}).")
    private double malformedFraction;

    @Option(names = "--ingest-bucket", paramLabel = "DURATION", defaultValue = "1m",
            description = "Ingest bucket size B for both layers (default: ${DEFAULT-VALUE}).")
    private Duration ingestBucket;

    @Option(names = "--keep", description = "Keep the verify stack's data under .lambda/verify afterwards.")
    private boolean keep;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    @Override
    public Integer call() throws InterruptedException {
        VerifySettings settings = new VerifySettings(home.home.toAbsolutePath().normalize(), events, seed, lateFraction, maxLateness,
                partTwoLateFraction, partTwoMaxLateness, duplicateFraction, malformedFraction, ingestBucket, keep);
        return new VerifyRunner(settings, spec.commandLine().getOut()).run();
    }
}
