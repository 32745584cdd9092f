package io.lambdaarch.ingestion.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.metrics.MetricsEndpointSettings;
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
    public static final String DEDUPE_WINDOW = "LAMBDA_INGEST_DEDUPE_WINDOW";
    public static final String PROGRESS_INTERVAL = "LAMBDA_INGEST_PROGRESS_INTERVAL";
    /** Port of ingestion's Prometheus {@code /metrics}; unset, none is served. */
    public static final String METRICS_PORT = "LAMBDA_INGEST_METRICS_PORT";
    public static final int DEFAULT_DEDUPE_WINDOW = 1_000_000;
    /** About 24 bytes per id: 50 million ids take 1.2 GB. */
    public static final int MAX_DEDUPE_WINDOW = 50_000_000;
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);

    public IngestConfig {
        requireNonNull(kafka, "kafka is null");
        requireNonNull(producer, "producer is null");
        requireNonNull(progressInterval, "progressInterval is null");
        requireNonNull(source, "source is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(metrics, "metrics is null");
        if (dedupeWindow < 0 || dedupeWindow > MAX_DEDUPE_WINDOW) {
            throw new IllegalArgumentException("dedupeWindow out of range: " + dedupeWindow);
        }
    }

    /** Reads the producer settings; problems are collected in {@code reader}. */
    public static ProducerSettings readProducer(ConfigReader reader) {
        return new ProducerSettings(
                reader.enumValue(ProducerSettings.COMPRESSION, Compression.class, ProducerSettings.DEFAULT_COMPRESSION,
                        Compression::externalName),
                reader.duration(ProducerSettings.DELIVERY_TIMEOUT, ProducerSettings.DEFAULT_DELIVERY_TIMEOUT, Duration.ofSeconds(5)),
                reader.duration(ProducerSettings.CONNECT_TIMEOUT, ProducerSettings.DEFAULT_CONNECT_TIMEOUT, Duration.ofSeconds(1)),
                reader.intValue(ProducerSettings.MAX_RECORD_BYTES, ProducerSettings.DEFAULT_MAX_RECORD_BYTES, 1024, 16 * 1024 * 1024));
    }

    /** Reads the X stream settings; problems (a missing token, an unreadable rules file) are collected in {@code reader}. */
    public static SourceSettings.XStream readXStream(ConfigReader reader) {
        Secret token = new Secret(reader.requiredString(SourceSettings.XStream.BEARER_TOKEN,
                "the bearer token of an X app with filtered-stream access"));
        URI apiUrl = reader.optionalUri(SourceSettings.XStream.API_URL, "https", "http")
                .orElse(SourceSettings.XStream.DEFAULT_API_URL);
        Optional<List<XRule>> rules = reader.optionalString(SourceSettings.XStream.RULES_FILE)
                .map(file -> readRules(reader, file));
        Duration stall = reader.duration(SourceSettings.XStream.STALL_TIMEOUT, SourceSettings.XStream.DEFAULT_STALL_TIMEOUT,
                Duration.ofSeconds(1));
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
