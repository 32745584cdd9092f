package io.lambdaarch.bench.config;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.common.view.ViewsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one bench run measures: where it works, the sizes of each figure's data and load, and the speed layer's
 * scaled time. Built once from the command line; the compact constructor checks every value and the rules between
 * them.
 *
 * @param home the lambda-arch checkout whose {@code ./lambda} starts the services
 * @param workDir the bench's own stack data, logs, checkpoint and temporary files (wiped at the start of a run)
 * @param resultsDir where latest.json, latest.md and the timestamped copies go
 * @param figures which figures to measure
 * @param ingestEvents events of the ingestion figure, for ingestion and its baseline alike: both start in a cold JVM,
 *     so enough of them to reach the steady rate
 * @param events the 1x data of the landing and recompute figures
 * @param scales the multiples of {@code events} that landing and recompute are measured at; the first is 1
 * @param seed seed of the synthetic workload
 * @param historyDays days of hourly history in batch_view for the serving figure
 * @param historyLocations locations per hour of that history
 * @param servingClients concurrent clients of the serving figure
 * @param servingWarmup load before the serving measurement starts (not counted)
 * @param servingDuration how long the serving load is measured, for the API and again for the JDBC baseline
 * @param servingWindow the time range each top-locations request asks for (the dashboard asks for 24 hours)
 * @param speedRate events per second during the freshness measurement
 * @param speedTrigger the speed layer's trigger interval
 * @param speedWarmup steady input before the freshness measurement starts (the speed layer's JIT and caches warm up)
 * @param speedDuration how long the measured steady input lasts
 * @param speedBucket the ingest bucket B of the speed run: one scaled "hour" of input
 * @param speedWatermark the speed layer's watermark delay in the speed run (scaled like the bucket)
 * @param viewsFile the views file every service of the bench's stack reads ({@code LAMBDA_VIEWS_FILE}); empty for the
 *     shipped views
 */
public record BenchSettings(
        Path home,
        Path workDir,
        Path resultsDir,
        Set<FigureGroup> figures,
        long ingestEvents,
        long events,
        List<Integer> scales,
        long seed,
        int historyDays,
        int historyLocations,
        int servingClients,
        Duration servingWarmup,
        Duration servingDuration,
        Duration servingWindow,
        int speedRate,
        Duration speedTrigger,
        Duration speedWarmup,
        Duration speedDuration,
        Duration speedBucket,
        Duration speedWatermark,
        Optional<Path> viewsFile) {
    /** The ingest bucket of production: the speed run's scaled hour stands for this much time. */
    public static final Duration PRODUCTION_BUCKET = Duration.ofHours(1);

    public BenchSettings {
        requireNonNull(home, "home is null");
        requireNonNull(viewsFile, "viewsFile is null");
        requireNonNull(workDir, "workDir is null");
        requireNonNull(resultsDir, "resultsDir is null");
        figures = figures.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(figures));
        scales = List.copyOf(scales);
        requireNonNull(servingWarmup, "servingWarmup is null");
        requireNonNull(servingDuration, "servingDuration is null");
        requireNonNull(servingWindow, "servingWindow is null");
        requireNonNull(speedTrigger, "speedTrigger is null");
        requireNonNull(speedWarmup, "speedWarmup is null");
        requireNonNull(speedDuration, "speedDuration is null");
        requireNonNull(speedBucket, "speedBucket is null");
        requireNonNull(speedWatermark, "speedWatermark is null");
        List<String> problems = new ArrayList<>();
        check(problems, !figures.isEmpty(), "--figures", "(none)", "at least one of ingestion, batch, serving, speed");
        check(problems, ingestEvents >= 100, "--ingest-events", ingestEvents, "at least 100");
        check(problems, events >= 100, "--events", events, "at least 100");
        check(problems, !scales.isEmpty() && scales.get(0) == 1, "--scales", scales, "a list starting with 1, e.g. 1,2,4");
        for (int i = 1; i < scales.size(); i++) {
            check(problems, scales.get(i) > scales.get(i - 1), "--scales", scales, "increasing multiples, e.g. 1,2,4");
        }
        long largestScale = scales.isEmpty() ? 1 : scales.get(scales.size() - 1);
        check(problems, events * largestScale < (1L << 31), "--events", events,
                "small enough that events x the largest scale stays below 2^31");
        check(problems, historyDays >= 2, "--history-days", historyDays, "at least 2");
        check(problems, historyLocations >= 1, "--history-locations", historyLocations, "at least 1");
        check(problems, servingClients >= 1 && servingClients <= 512, "--serving-clients", servingClients,
                "between 1 and 512");
        check(problems, !servingDuration.isZero(), "--serving-duration", Durations.format(servingDuration),
                "longer than 0");
        check(problems, servingWindow.toHours() >= 1 && servingWindow.toHours() < historyDays * 24L, "--serving-window",
                Durations.format(servingWindow), "at least 1h and shorter than --history-days");
        check(problems, speedRate >= 1, "--speed-rate", speedRate, "at least 1 event per second");
        check(problems, speedTrigger.toMillis() >= 100, "--speed-trigger", Durations.format(speedTrigger),
                "at least 100ms");
        check(problems, speedBucket.getNano() == 0 && speedBucket.toSeconds() >= 1, "--speed-bucket",
                Durations.format(speedBucket), "a whole number of seconds");
        check(problems, speedWatermark.compareTo(speedBucket) < 0, "--speed-watermark", Durations.format(speedWatermark),
                "shorter than --speed-bucket (" + Durations.format(speedBucket) + ")");
        check(problems, speedDuration.compareTo(speedBucket.multipliedBy(2)) >= 0, "--speed-duration",
                Durations.format(speedDuration),
                "at least twice --speed-bucket (" + Durations.format(speedBucket) + "), to compare two scaled hours");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** The same settings with another work directory: each run of {@code --runs} has one of its own. */
    public BenchSettings withWorkDir(Path directory) {
        return new BenchSettings(home, directory, resultsDir, figures, ingestEvents, events, scales, seed, historyDays,
                historyLocations, servingClients, servingWarmup, servingDuration, servingWindow, speedRate, speedTrigger,
                speedWarmup, speedDuration, speedBucket, speedWatermark, viewsFile);
    }

    /** True when {@code group} is to be measured. */
    public boolean measures(FigureGroup group) {
        return figures.contains(group);
    }

    /** How many times faster than production the speed run's clock goes: 1 h / the scaled bucket. */
    public long speedTimeScale() {
        return PRODUCTION_BUCKET.toSeconds() / speedBucket.toSeconds();
    }

    /** The sizes of this run, for the results' header. */
    public Map<String, String> describe() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("--figures", String.join(",", figures.stream().map(FigureGroup::externalName).toList()));
        parameters.put("--ingest-events", Long.toString(ingestEvents));
        parameters.put("--events", Long.toString(events));
        parameters.put("--scales", String.join(",", scales.stream().map(String::valueOf).toList()));
        parameters.put("--seed", Long.toString(seed));
        parameters.put("--history-days", Integer.toString(historyDays));
        parameters.put("--history-locations", Integer.toString(historyLocations));
        parameters.put("--serving-clients", Integer.toString(servingClients));
        parameters.put("--serving-duration", Durations.format(servingDuration));
        parameters.put("--serving-window", Durations.format(servingWindow));
        parameters.put("--speed-rate", Integer.toString(speedRate));
        parameters.put("--speed-trigger", Durations.format(speedTrigger));
        parameters.put("--speed-warmup", Durations.format(speedWarmup));
        parameters.put("--speed-duration", Durations.format(speedDuration));
        parameters.put("--speed-bucket", Durations.format(speedBucket));
        parameters.put("--speed-watermark", Durations.format(speedWatermark));
        viewsFile.ifPresent(file -> parameters.put("--views-file", file.toString()));
        return parameters;
    }

    private static void check(List<String> problems, boolean valid, String option, Object value, String expected) {
        if (!valid) {
            problems.add("Invalid value " + value + " for option " + option + ": expected " + expected);
        }
    }

    /** The views the bench's stack builds: those of {@link #viewsFile()}, else the shipped ones. */
    public ViewCatalog views() {
        return viewsFile.map(ViewsFile::read).orElseGet(ViewCatalog::shipped);
    }
}
