package io.lambdaarch.ingestion.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
import io.lambdaarch.common.config.Service;
import io.lambdaarch.common.config.Setting;
import io.lambdaarch.common.config.SettingType;
import io.lambdaarch.ingestion.x.XRule;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one ingestion run needs, built once at start-up from the command line and the settings
 * ({@code LAMBDA_KAFKA_*}, {@code LAMBDA_INGEST_*}, {@code LAMBDA_X_*}).
 *
 * @param kafka brokers, topic and DLQ topic
 * @param producer producer behaviour and limits
 * @param dedupeWindow how many recent ids are remembered to drop repeats; 0 turns it off
 * @param progressInterval how often a progress line is printed
 * @param source what to read
 * @param limits when to stop and how fast to read
 * @param metrics where {@code /metrics} is served ({@code LAMBDA_INGEST_METRICS_PORT}); no port, no endpoint
 */
public record IngestConfig(
        KafkaSettings kafka,
        ProducerSettings producer,
        int dedupeWindow,
        Duration progressInterval,
        SourceSettings source,
        RunLimits limits,
        MetricsEndpointSettings metrics) {
    /** About 24 bytes per id: the most, 50 million ids, take 1.2 GB. */
    public static final Setting<Integer> DEDUPE_WINDOW = Setting.define("LAMBDA_INGEST_DEDUPE_WINDOW",
                    SettingType.integer(0, 50_000_000), Service.INGEST)
            .defaultValue(1_000_000)
            .doc("how many recent event ids are remembered to drop repeats (about 24 bytes each); `0` turns it off");
    public static final Setting<Duration> PROGRESS_INTERVAL = Setting.define("LAMBDA_INGEST_PROGRESS_INTERVAL",
                    SettingType.duration(Duration.ofMillis(100)), Service.INGEST)
            .defaultValue(Duration.ofSeconds(5))
            .doc("how often a progress line is printed");
    /** Port of ingestion's Prometheus {@code /metrics}; unset, none is served. */
    public static final Setting<Integer> METRICS_PORT = Setting.define("LAMBDA_INGEST_METRICS_PORT",
                    SettingType.integer(0, 65_535), Service.INGEST)
            .doc("port of ingestion's Prometheus `/metrics` (`0` picks a free one); unset, none is served");

    public IngestConfig {
        requireNonNull(kafka, "kafka is null");
        requireNonNull(producer, "producer is null");
        PROGRESS_INTERVAL.requireValid(progressInterval);
        requireNonNull(source, "source is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(metrics, "metrics is null");
        DEDUPE_WINDOW.requireValid(dedupeWindow);
    }

    /** Every setting the ingestion service reads. */
    public static List<Setting<?>> settings() {
        return Setting.declaredIn(KafkaSettings.class, IngestConfig.class, ProducerSettings.class, SourceSettings.XStream.class,
                MetricsEndpointSettings.class);
    }

    /** Reads the producer settings; problems are collected in {@code reader}. */
    public static ProducerSettings readProducer(ConfigReader reader) {
        return new ProducerSettings(
                reader.get(ProducerSettings.COMPRESSION),
                reader.get(ProducerSettings.DELIVERY_TIMEOUT),
                reader.get(ProducerSettings.CONNECT_TIMEOUT),
                reader.get(ProducerSettings.MAX_RECORD_BYTES));
    }

    /** Reads the X stream settings; problems (a missing token, an unreadable rules file) are collected in {@code reader}. */
    public static SourceSettings.XStream readXStream(ConfigReader reader) {
        Secret token = reader.get(SourceSettings.XStream.BEARER_TOKEN);
        URI apiUrl = reader.get(SourceSettings.XStream.API_URL);
        Optional<List<XRule>> rules = reader.optional(SourceSettings.XStream.RULES_FILE)
                .map(file -> readRules(reader, file.toString()));
        Duration stall = reader.get(SourceSettings.XStream.STALL_TIMEOUT);
        return new SourceSettings.XStream(apiUrl, token, rules, stall);
    }

    /**
     * Reads a rules file: a JSON array of {@code {"value": "...", "tag": "..."}} objects, the shape the X API uses
     * (https://docs.x.com/x-api/posts/filtered-stream/integrate/build-a-rule).
     */
    // Visible for testing
    static List<XRule> readRules(ConfigReader reader, String file) {
        String expected = "a JSON array of {\"value\": \"...\", \"tag\": \"...\"} rule objects";
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(Path.of(file)));
            List<XRule> rules = new ArrayList<>();
            if (root == null || !root.isArray()) {
                reader.invalid(SourceSettings.XStream.RULES_FILE, file, expected);
                return List.of();
            }
            for (JsonNode entry : root) {
                JsonNode value = entry.get("value");
                JsonNode tag = entry.get("tag");
                if (value == null || !value.isTextual() || value.textValue().isBlank() || (tag != null && !tag.isTextual() && !tag.isNull())) {
                    reader.invalid(SourceSettings.XStream.RULES_FILE, file, expected + "; entry " + entry + " is not one");
                    return List.of();
                }
                rules.add(new XRule(null, value.textValue(), tag == null || tag.isNull() ? null : tag.textValue()));
            }
            return rules;
        } catch (IOException e) {
            reader.invalid(SourceSettings.XStream.RULES_FILE, file, expected + " (" + e.getMessage() + ")");
            return List.of();
        }
    }
}
