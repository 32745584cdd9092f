package io.lambdaarch.ingestion.cli;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.common.config.SettingOverrides;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.config.ProducerSettings;
import io.lambdaarch.ingestion.config.Rate;
import io.lambdaarch.ingestion.config.RunLimits;
import io.lambdaarch.ingestion.config.SourceKind;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/**
 * The options of {@code ingest} and how they become an {@link IngestConfig}. Options left out stay null, so the
 * config can tell an option given for the wrong source from a default, and the defaults that depend on the source
 * (the rate) are applied here. Options that mirror a setting ({@code --dedupe-window} for
 * {@code LAMBDA_INGEST_DEDUPE_WINDOW}) override it and are checked by the same rules.
 */
public final class IngestOptions {
    /** Synthetic records per second when no {@code --rate} is given; replay defaults to unlimited. */
    public static final long DEFAULT_SYNTHETIC_RATE = 1000;

    @Option(names = "--source", required = true, paramLabel = "SOURCE", completionCandidates = SourceKind.Names.class,
            description = "Where events come from: ${COMPLETION-CANDIDATES}.")
    SourceKind source;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N records (synthetic: the first N of the workload). Default: no limit.")
    Long count;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "Stop after this long, e.g. 30s or 10m (whichever of --count and --duration comes first). Default: no limit.")
    Duration duration;

    @Option(names = "--rate", paramLabel = "RATE",
            description = "Records per second, or 'unlimited'. Default: " + DEFAULT_SYNTHETIC_RATE
                    + " for synthetic, unlimited for replay; not for x-stream, which X paces.")
    Rate rate;

    @Option(names = "--seed", paramLabel = "N",
            description = "synthetic: seed of the workload; the same seed and options give the same records. Default: "
                    + SyntheticWorkload.DEFAULT_SEED + ".")
    Long seed;

    @Option(names = "--anchor", paramLabel = "INSTANT",
            description = "synthetic: created_at of the first record, e.g. 2026-11-26T09:00:00Z. Default: now.")
    Instant anchor;

    @Option(names = "--late-fraction", paramLabel = "FRACTION",
            description = "synthetic: share of events whose created_at is up to --max-lateness old. Default: "
                    + SyntheticWorkload.DEFAULT_LATE_FRACTION + ".")
    Double lateFraction;

    @Option(names = "--max-lateness", paramLabel = "DURATION",
            description = "synthetic: how old a late event can be. Default: 2d.")
    Duration maxLateness;

    @Option(names = "--duplicate-fraction", paramLabel = "FRACTION",
            description = "synthetic: share of records that repeat a recent one. Default: "
                    + SyntheticWorkload.DEFAULT_DUPLICATE_FRACTION + ".")
    Double duplicateFraction;

    @Option(names = "--malformed-fraction", paramLabel = "FRACTION",
            description = "synthetic: share of records that break a validation rule. Default: "
                    + SyntheticWorkload.DEFAULT_MALFORMED_FRACTION + ".")
    Double malformedFraction;

    @Option(names = "--file", paramLabel = "FILE",
            description = "replay: the JSON Lines file to read, plain or gzip.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", completionCandidates = FormatNames.class,
            description = "replay: how the lines are written: ${COMPLETION-CANDIDATES}"
                    + " (X API v2 data: filtered-stream payloads, response pages as twarc2 writes them, flattened posts)."
                    + " Default: event.")
    RecordFormat format;

    @Option(names = "--api-url", paramLabel = "URL",
            description = "x-stream: base URL of the X API (overrides ${bundle:LAMBDA_X_API_URL}).")
    URI apiUrl;

    @Option(names = "--rules-file", paramLabel = "FILE",
            description = "x-stream: JSON array of {\"value\",\"tag\"} rules to sync before connecting"
                    + " (overrides ${bundle:LAMBDA_X_RULES_FILE}: leave the stream's rules as they are).")
    Path rulesFile;

    @Option(names = "--dedupe-window", paramLabel = "IDS",
            description = "How many recent ids are remembered to drop repeats; 0 turns it off"
                    + " (overrides ${bundle:LAMBDA_INGEST_DEDUPE_WINDOW}).")
    Integer dedupeWindow;

    @Option(names = "--progress-interval", paramLabel = "DURATION",
            description = "How often to print a progress line (overrides ${bundle:LAMBDA_INGEST_PROGRESS_INTERVAL}).")
    Duration progressInterval;

    /** The external names of {@link RecordFormat}, for the help text. */
    static final class FormatNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        FormatNames() {
            for (RecordFormat format : RecordFormat.values()) {
                add(format.externalName());
            }
        }
    }

    /**
     * Builds the config from these options and {@code settings}; throws {@code ConfigException} listing every problem.
     * {@code now} is the default anchor of a synthetic workload.
     */
    public IngestConfig toConfig(ConfigSource settings, Instant now) {
        SettingOverrides overrides = SettingOverrides.none()
                .with(IngestConfig.DEDUPE_WINDOW, dedupeWindow, "option --dedupe-window")
                .with(IngestConfig.PROGRESS_INTERVAL, progressInterval, "option --progress-interval")
                .with(SourceSettings.XStream.API_URL, apiUrl, "option --api-url")
                .with(SourceSettings.XStream.RULES_FILE, rulesFile, "option --rules-file");

        ConfigReader reader = new ConfigReader(settings, overrides);
        KafkaSettings kafka = KafkaSettings.from(reader);
        ProducerSettings producer = IngestConfig.readProducer(reader);
        int window = reader.get(IngestConfig.DEDUPE_WINDOW);
        Duration progress = reader.get(IngestConfig.PROGRESS_INTERVAL);
        MetricsEndpointSettings metrics = MetricsEndpointSettings.from(reader, IngestConfig.METRICS_PORT);

        checkApplies(reader, SourceKind.SYNTHETIC, "--seed", seed, "--anchor", anchor, "--late-fraction", lateFraction,
                "--max-lateness", maxLateness, "--duplicate-fraction", duplicateFraction, "--malformed-fraction", malformedFraction);
        checkApplies(reader, SourceKind.REPLAY, "--file", file, "--format", format);
        checkApplies(reader, SourceKind.X_STREAM, "--api-url", apiUrl, "--rules-file", rulesFile);
        reader.check(source != SourceKind.X_STREAM || rate == null,
                "--rate cannot be used with --source x-stream: X decides the pace of the stream");
        reader.check(source != SourceKind.REPLAY || file != null, "Missing --file: --source replay needs the JSON Lines file to read");
        reader.check(count == null || count >= 0, "Invalid value " + count + " for option --count: expected 0 or more");

        Rate effectiveRate = effectiveRate();
        SourceSettings sourceSettings = switch (source) {
            case SYNTHETIC -> synthetic(reader, now, effectiveRate);
            case REPLAY -> new SourceSettings.Replay(file == null ? Path.of("") : file, format == null ? RecordFormat.EVENT : format);
            case X_STREAM -> IngestConfig.readXStream(reader);
        };
        reader.validate();
        RunLimits limits = new RunLimits(count == null ? OptionalLong.empty() : OptionalLong.of(count), Optional.ofNullable(duration),
                effectiveRate.perSecond());
        return new IngestConfig(kafka, producer, window, progress, sourceSettings, limits, metrics);
    }

    private Rate effectiveRate() {
        if (rate != null) {
            return rate;
        }
        return source == SourceKind.SYNTHETIC ? new Rate(DEFAULT_SYNTHETIC_RATE) : Rate.UNLIMITED;
    }

    private SourceSettings synthetic(ConfigReader reader, Instant now, Rate effectiveRate) {
        double late = fraction(reader, "--late-fraction", lateFraction, SyntheticWorkload.DEFAULT_LATE_FRACTION);
        double duplicates = fraction(reader, "--duplicate-fraction", duplicateFraction, SyntheticWorkload.DEFAULT_DUPLICATE_FRACTION);
        double malformed = fraction(reader, "--malformed-fraction", malformedFraction, SyntheticWorkload.DEFAULT_MALFORMED_FRACTION);
        reader.check(duplicates + malformed <= 1, String.format("--duplicate-fraction (%s) and --malformed-fraction (%s) add up to more than 1",
                duplicates, malformed));
        Duration lateness = maxLateness == null ? SyntheticWorkload.DEFAULT_MAX_LATENESS : maxLateness;
        reader.check(lateness.toMillis() >= 1, "Invalid value " + lateness + " for option --max-lateness: expected at least 1ms");
        if (!reader.isValid()) {
            return null;
        }
        Instant start = anchor == null ? now.truncatedTo(ChronoUnit.SECONDS) : anchor;
        long workloadSeed = seed == null ? SyntheticWorkload.DEFAULT_SEED : seed;
        return new SourceSettings.Synthetic(new SyntheticWorkload(workloadSeed, start, effectiveRate.perSecond(), late, lateness,
                duplicates, malformed));
    }

    private static double fraction(ConfigReader reader, String option, Double value, double defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        reader.check(value >= 0 && value <= 1, "Invalid value " + value + " for option " + option + ": expected a number from 0 to 1");
        return value;
    }

    /** Records a problem for each option in {@code namesAndValues} that was given although the source is not {@code kind}. */
    private void checkApplies(ConfigReader reader, SourceKind kind, Object... namesAndValues) {
        List<String> misplaced = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null && source != kind) {
                misplaced.add((String) namesAndValues[i]);
            }
        }
        reader.check(misplaced.isEmpty(), String.join(", ", misplaced) + (misplaced.size() == 1 ? " applies" : " apply")
                + " only to --source " + kind.externalName() + ", not to --source " + source.externalName());
    }
}
