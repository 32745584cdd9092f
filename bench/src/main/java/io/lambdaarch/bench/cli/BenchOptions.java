package io.lambdaarch.bench.cli;

import io.lambdaarch.bench.config.BenchSettings;
import io.lambdaarch.bench.config.FigureGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options of {@code ./lambda bench}: where it works and the size of every figure. */
final class BenchOptions {
    @Option(names = "--home", paramLabel = "DIR", defaultValue = "${sys:lambda.home:-.}",
            description = "The lambda-arch checkout whose ./lambda starts the services (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "The bench's own stack data, logs and checkpoint; wiped at the start of a run"
                    + " (default: .lambda/bench under --home).")
    Path workDir;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Where latest.json, latest.md and timestamped copies are written (default: bench/results under --home).")
    Path resultsDir;

    @Option(names = "--figures", paramLabel = "FIGURE", split = ",", defaultValue = "ingestion,batch,incremental,serving,speed",
            description = "Which figures to measure, any of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<FigureGroup> figures;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1",
            description = "Runs of every figure, each on a fresh stack; the table shows each figure's median and worst run,"
                    + " and a target counts as met only when every run met it (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--ingest-events", paramLabel = "N", defaultValue = "1000000",
            description = "Events of the ingestion figure, sent by ingestion and by its baseline; both start in a cold JVM,"
                    + " and a few hundred thousand pass before the JIT reaches the steady rate (default: ${DEFAULT-VALUE}).")
    long ingestEvents;

    @Option(names = "--events", paramLabel = "N", defaultValue = "200000",
            description = "The 1x data of the landing and recompute figures (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--scales", paramLabel = "K", split = ",", defaultValue = "1,2,4",
            description = "Multiples of --events that landing and recompute are measured at, starting with 1"
                    + " (default: ${DEFAULT-VALUE}).")
    List<Integer> scales;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "7",
            description = "Seed of the synthetic workload and of the serving figure's request windows (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--history-days", paramLabel = "DAYS", defaultValue = "90",
            description = "Days of hourly history in batch_view for the serving figure (default: ${DEFAULT-VALUE}).")
    int historyDays;

    @Option(names = "--history-locations", paramLabel = "N", defaultValue = "500",
            description = "Locations per hour of that history (default: ${DEFAULT-VALUE}).")
    int historyLocations;

    @Option(names = "--serving-clients", paramLabel = "N", defaultValue = "32",
            description = "Concurrent clients of the serving figure, each sending its next request when the last one answered"
                    + " (default: ${DEFAULT-VALUE}).")
    int servingClients;

    @Option(names = "--serving-warmup", paramLabel = "DURATION", defaultValue = "5s",
            description = "Load before the serving measurement starts, not counted (default: ${DEFAULT-VALUE}).")
    Duration servingWarmup;

    // 15 s holds tens of thousands of requests at the API's rate since the in-memory index (its p99 rests on hundreds
    // of samples); the JDBC baseline's few thousand still give its p99 tens. It keeps the default --runs 3 in 25 min.
    @Option(names = "--serving-duration", paramLabel = "DURATION", defaultValue = "15s",
            description = "How long the serving load is measured, for the API and again for the JDBC baseline"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration servingDuration;

    @Option(names = "--serving-window", paramLabel = "DURATION", defaultValue = "24h",
            description = "The event-time range of each top-locations request, at a random hour of the history; the"
                    + " dashboard asks for 24 hours (default: ${DEFAULT-VALUE}).")
    Duration servingWindow;

    @Option(names = "--speed-rate", paramLabel = "EVENTS_PER_SECOND", defaultValue = "5000",
            description = "Steady input rate of the speed freshness figure (default: ${DEFAULT-VALUE}).")
    int speedRate;

    @Option(names = "--speed-trigger", paramLabel = "DURATION", defaultValue = "1s",
            description = "The speed layer's trigger interval (default: ${DEFAULT-VALUE}).")
    Duration speedTrigger;

    @Option(names = "--speed-warmup", paramLabel = "DURATION", defaultValue = "20s",
            description = "Steady input before the freshness measurement starts, not counted (default: ${DEFAULT-VALUE}).")
    Duration speedWarmup;

    @Option(names = "--speed-duration", paramLabel = "DURATION", defaultValue = "2m",
            description = "How long the measured steady input lasts after the warm-up; at least two --speed-bucket"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration speedDuration;

    @Option(names = "--speed-bucket", paramLabel = "DURATION", defaultValue = "30s",
            description = "Ingest bucket of the speed run, standing for production's 1 hour: the scaled clock under which"
                    + " state after 1 h and 2 h of input is compared (default: ${DEFAULT-VALUE}).")
    Duration speedBucket;

    @Option(names = "--speed-watermark", paramLabel = "DURATION", defaultValue = "5s",
            description = "The speed layer's watermark delay in the speed run, scaled like the bucket (production: 10m per 1h)"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration speedWatermark;

    @Option(names = "--views-file", paramLabel = "FILE",
            description = "The views file every service of the bench's stack reads (LAMBDA_VIEWS_FILE), e.g. to compare"
                    + " the figures with one view against the shipped two (default: the shipped views).")
    Path viewsFile;

    /** The settings these options describe; throws IllegalArgumentException naming every bad value. */
    BenchSettings toSettings() {
        Path root = home.toAbsolutePath().normalize();
        Path work = workDir == null ? root.resolve(".lambda").resolve("bench") : workDir.toAbsolutePath().normalize();
        Path results = resultsDir == null ? root.resolve("bench").resolve("results") : resultsDir.toAbsolutePath().normalize();
        return new BenchSettings(root, work, results, Set.copyOf(figures), ingestEvents, events, scales, seed, historyDays, historyLocations,
                servingClients, servingWarmup, servingDuration, servingWindow, speedRate, speedTrigger, speedWarmup, speedDuration,
                speedBucket, speedWatermark, Optional.ofNullable(viewsFile).map(file -> file.toAbsolutePath().normalize()));
    }
}
