package io.lambdaarch.demo.cli;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.demo.run.DemoRunner;
import io.lambdaarch.demo.run.DemoSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the whole pipeline on the embedded stack, every service as its own process, and prints a status line.
 *
 * <p>Usage: {@code ./lambda demo [--duration 5m] [--rate 500] [--port 8080]}. Example: {@code ./lambda demo --duration 5m}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs ingestion (synthetic), the speed layer, the serving layer with its dashboard, and the batch job"
                + " every --batch-interval, each as its own process on the embedded stack (started unless one is running).",
                "With --duration it then stops ingestion, lets the layers catch up and checks that the serving total equals the"
                        + " valid unique events ingested; exit 0 when it does."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Mixin
    private HomeOption home;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Ingest for this long, then check the result and stop (default: run until Ctrl-C).")
    private Duration duration;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_SECOND", defaultValue = "500",
            description = "Synthetic events per second (default: ${DEFAULT-VALUE}).")
    private long rate;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the dashboard and API on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--batch-interval", paramLabel = "DURATION", defaultValue = "2m",
            description = "How often the batch job runs, as cron would start it (default: ${DEFAULT-VALUE}).")
    private Duration batchInterval;

    @Option(names = "--ingest-bucket", paramLabel = "DURATION", defaultValue = "1m",
            description = "Ingest bucket size B for both layers; small so the hand-over from speed to batch shows within minutes"
                    + " (default: ${DEFAULT-VALUE}).")
    private Duration ingestBucket;

    @Option(names = "--speed-trigger", paramLabel = "DURATION", defaultValue = "2s",
            description = "The speed layer's trigger interval (default: ${DEFAULT-VALUE}).")
    private Duration speedTrigger;

    @Option(names = "--status-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often to print the status line (default: ${DEFAULT-VALUE}).")
    private Duration statusInterval;

    @Option(names = "--catch-up-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "With --duration: how long to wait for the layers to catch up before the check (default: ${DEFAULT-VALUE}).")
    private Duration catchUpTimeout;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the synthetic workload (default: the current time, so repeated demos add new events).")
    private Long seed;

    @Option(names = "--late-fraction", paramLabel = "FRACTION", defaultValue = "0.02",
            description = "Share of events created hours or days before they arrive (default: ${DEFAULT-VALUE}).")
    private double lateFraction;

    @Option(names = "--duplicate-fraction", paramLabel = "FRACTION", defaultValue = "0.01",
            description = "Share of records that repeat an earlier one (default: ${DEFAULT-VALUE}).")
    private double duplicateFraction;

    @Option(names = "--malformed-fraction", paramLabel = "FRACTION", defaultValue = "0.005",
            description = "Share of malformed records, which go to the DLQ (default: ${DEFAULT-VALUE}).")
    private double malformedFraction;

    @Option(names = CommandLines.DEBUG_OPTION, description = "Print stack traces of failures.")
    private boolean debug;

    @Override
    public Integer call() throws InterruptedException {
        DemoSettings settings = new DemoSettings(home.home.toAbsolutePath().normalize(), Optional.ofNullable(duration), rate, port,
                batchInterval, ingestBucket, speedTrigger, statusInterval, catchUpTimeout,
                seed == null ? System.currentTimeMillis() : seed, lateFraction, duplicateFraction, malformedFraction);
        AtomicBoolean stopRequested = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.set(true);
            try {
                // Let the demo stop its children in order before the JVM goes.
                finished.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        PrintWriter out = spec.commandLine().getOut();
        try {
            return new DemoRunner(settings, out, stopRequested).run();
        } finally {
            finished.countDown();
        }
    }
}
