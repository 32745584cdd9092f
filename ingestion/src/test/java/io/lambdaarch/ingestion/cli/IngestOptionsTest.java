package io.lambdaarch.ingestion.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.ConfigException;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.config.Compression;
import io.lambdaarch.ingestion.config.IngestConfig;
import io.lambdaarch.ingestion.config.ProducerSettings;
import io.lambdaarch.ingestion.config.RunLimits;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.synthetic.SyntheticWorkload;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.ingestion.x.XRule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing only: options and settings into the config record. */
class IngestOptionsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T09:15:30.250Z");
    private static final Map<String, String> MINIMAL = Map.of(KafkaSettings.BOOTSTRAP.name(), "localhost:9092");

    @TempDir
    Path dir;

    @Test
    void shouldApplyTheDefaultsForASyntheticRun() {
        IngestConfig config = parse(MINIMAL, "--source", "synthetic");

        assertThat(config.kafka()).isEqualTo(new KafkaSettings("localhost:9092", "tweets", "tweets.dlq", Map.of()));
        assertThat(config.producer()).isEqualTo(new ProducerSettings(Compression.LZ4, Duration.ofMinutes(2), Duration.ofSeconds(30), 512 * 1024));
        assertThat(config.dedupeWindow()).isEqualTo(1_000_000);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.source()).isEqualTo(new SourceSettings.Synthetic(new SyntheticWorkload(
                1, Instant.parse("2026-11-26T09:15:30Z"), 1000, 0.02, Duration.ofDays(2), 0.01, 0.001)));
        assertThat(config.limits()).isEqualTo(new RunLimits(OptionalLong.empty(), Optional.empty(), 1000));
        assertThat(config.metrics()).isEqualTo(MetricsEndpointSettings.disabled());
    }

    @Test
    void shouldMapEverySyntheticOptionAndSetting() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(KafkaSettings.TOPIC.name(), "t");
        settings.put(KafkaSettings.DLQ_TOPIC.name(), "t.dlq");
        settings.put(ProducerSettings.COMPRESSION.name(), "zstd");
        settings.put(ProducerSettings.DELIVERY_TIMEOUT.name(), "5m");
        settings.put(ProducerSettings.CONNECT_TIMEOUT.name(), "3s");
        settings.put(ProducerSettings.MAX_RECORD_BYTES.name(), "4096");
        settings.put(IngestConfig.DEDUPE_WINDOW.name(), "99");
        settings.put(IngestConfig.PROGRESS_INTERVAL.name(), "1m");
        settings.put(IngestConfig.METRICS_PORT.name(), "9400");
        settings.put(MetricsEndpointSettings.HOST.name(), "0.0.0.0");

        IngestConfig config = parse(settings, "--source", "SYNTHETIC", "--seed", "42", "--anchor", "2026-01-02T03:04:05Z",
                "--late-fraction", "0.5", "--max-lateness", "3h", "--duplicate-fraction", "0.25", "--malformed-fraction", "0.125",
                "--rate", "unlimited", "--count", "1000", "--duration", "90s", "--dedupe-window", "7", "--progress-interval", "2s");

        assertThat(config.kafka().topic()).isEqualTo("t");
        assertThat(config.kafka().dlqTopic()).isEqualTo("t.dlq");
        assertThat(config.producer()).isEqualTo(new ProducerSettings(Compression.ZSTD, Duration.ofMinutes(5), Duration.ofSeconds(3), 4096));
        assertThat(config.dedupeWindow()).isEqualTo(7);
        assertThat(config.progressInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.source()).isEqualTo(new SourceSettings.Synthetic(new SyntheticWorkload(
                42, Instant.parse("2026-01-02T03:04:05Z"), 0, 0.5, Duration.ofHours(3), 0.25, 0.125)));
        assertThat(config.limits()).isEqualTo(new RunLimits(OptionalLong.of(1000), Optional.of(Duration.ofSeconds(90)), 0));
        assertThat(config.metrics()).isEqualTo(new MetricsEndpointSettings("0.0.0.0", OptionalInt.of(9400)));
    }

    @Test
    void shouldReproduceAWorkloadFromTheOptionsItPrints() {
        IngestConfig config = parse(MINIMAL, "--source", "synthetic", "--seed", "5", "--rate", "250", "--late-fraction", "0.3",
                "--max-lateness", "90m");
        SyntheticWorkload workload = ((SourceSettings.Synthetic) config.source()).workload();

        String[] printed = ("--source synthetic " + workload.toOptions()).split(" ");

        assertThat(((SourceSettings.Synthetic) parse(MINIMAL, printed).source()).workload()).isEqualTo(workload);
    }

    @Test
    void shouldReplayAtFullSpeedByDefault() {
        IngestConfig config = parse(MINIMAL, "--source", "replay", "--file", "in.jsonl.gz");

        assertThat(config.source()).isEqualTo(new SourceSettings.Replay(Path.of("in.jsonl.gz"), RecordFormat.EVENT));
        assertThat(config.limits().ratePerSecond()).isZero();
        assertThat(parse(MINIMAL, "--source", "replay", "--file", "a", "--format", "x-v2", "--rate", "250").source())
                .isEqualTo(new SourceSettings.Replay(Path.of("a"), RecordFormat.X_V2));
    }

    @Test
    void shouldReadTheXStreamSettingsAndRules() throws IOException {
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "[{\"value\":\"has:geo lang:en\",\"tag\":\"geo\"},{\"value\":\"#kafka\"}]");
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(SourceSettings.XStream.BEARER_TOKEN.name(), "token-1");
        settings.put(SourceSettings.XStream.STALL_TIMEOUT.name(), "45s");

        IngestConfig defaults = parse(settings, "--source", "x-stream");
        IngestConfig explicit = parse(settings, "--source", "x-stream", "--api-url", "http://localhost:8080",
                "--rules-file", rules.toString());

        SourceSettings.XStream x = (SourceSettings.XStream) defaults.source();
        assertThat(x.apiUrl()).isEqualTo(URI.create("https://api.x.com"));
        assertThat(x.bearerToken().reveal()).isEqualTo("token-1");
        assertThat(x.toString()).doesNotContain("token-1");
        assertThat(x.rules()).isEmpty();
        assertThat(x.stallTimeout()).isEqualTo(Duration.ofSeconds(45));
        SourceSettings.XStream y = (SourceSettings.XStream) explicit.source();
        assertThat(y.apiUrl()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(y.rules()).contains(List.of(new XRule(null, "has:geo lang:en", "geo"), new XRule(null, "#kafka", null)));
        assertThat(defaults.limits()).isEqualTo(RunLimits.unlimited());
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> parse(Map.of(), "--source", "replay", "--seed", "3", "--late-fraction", "2", "--rules-file", "r.json"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "Missing LAMBDA_KAFKA_BOOTSTRAP: expected host:port[,host:port...] of the Kafka brokers",
                        "--seed, --late-fraction apply only to --source synthetic, not to --source replay",
                        "--rules-file applies only to --source x-stream, not to --source replay",
                        "Missing --file: --source replay needs the JSON Lines file to read"));
    }

    @Test
    void shouldRejectBadSyntheticShapesAndSettings() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put(IngestConfig.DEDUPE_WINDOW.name(), "-1");
        settings.put(ProducerSettings.COMPRESSION.name(), "brotli");
        settings.put(IngestConfig.METRICS_PORT.name(), "70000");

        assertThatThrownBy(() -> parse(settings, "--source", "synthetic", "--duplicate-fraction", "0.75", "--malformed-fraction", "0.5"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "Invalid value -1 for LAMBDA_INGEST_DEDUPE_WINDOW (from given): expected an integer from 0 to 50000000",
                        "Invalid value brotli for LAMBDA_INGEST_COMPRESSION (from given): expected one of none, gzip, snappy, lz4, zstd",
                        "Invalid value 70000 for LAMBDA_INGEST_METRICS_PORT (from given): expected an integer from 0 to 65535",
                        "--duplicate-fraction (0.75) and --malformed-fraction (0.5) add up to more than 1"));
    }

    @Test
    void shouldNameTheOptionThatOverridesASetting() {
        assertThatThrownBy(() -> parse(MINIMAL, "--source", "synthetic", "--dedupe-window", "60000000"))
                .hasMessage("Invalid value 60000000 for LAMBDA_INGEST_DEDUPE_WINDOW (from option --dedupe-window):"
                        + " expected an integer from 0 to 50000000");
    }

    @Test
    void shouldRequireATokenAndRefuseARateForTheXStream() {
        assertThatThrownBy(() -> parse(MINIMAL, "--source", "x-stream", "--rate", "5"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactlyInAnyOrder(
                        "Missing LAMBDA_X_BEARER_TOKEN: expected the bearer token of an X app with filtered-stream access",
                        "--rate cannot be used with --source x-stream: X decides the pace of the stream"));
    }

    private static IngestConfig parse(Map<String, String> settings, String... args) {
        IngestCommand.Context context = new IngestCommand.Context(() -> ConfigSource.of(settings), Clock.systemUTC(), Sleeper.SYSTEM,
                XApiClient::defaultHttpClient);
        picocli.CommandLine commandLine = IngestCommand.createCommandLine(context);
        commandLine.parseArgs(args);
        IngestCommand command = commandLine.getCommand();
        return command.options().toConfig(ConfigSource.of(settings), NOW);
    }
}
