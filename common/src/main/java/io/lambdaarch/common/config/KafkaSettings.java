package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Where the events live in Kafka. {@code clientProperties} are extra client settings (security, for example) from
 * the file named by {@code LAMBDA_KAFKA_CLIENT_PROPERTIES}, applied to every producer, consumer and admin client.
 */
public record KafkaSettings(String bootstrapServers, String topic, String dlqTopic, Map<String, String> clientProperties) {
    public static final Setting<String> BOOTSTRAP = Setting.define("LAMBDA_KAFKA_BOOTSTRAP",
                    SettingType.matching("[^,\\s:]+:\\d{1,5}(,[^,\\s:]+:\\d{1,5})*", "host:port[,host:port...]"),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .required("host:port[,host:port...] of the Kafka brokers")
            .defaultDescribedAs("(required; optional for `serve`)")
            .doc("Kafka bootstrap servers; the serving layer only uses them to report the speed lag in records");
    public static final Setting<String> TOPIC = Setting.define("LAMBDA_KAFKA_TOPIC", SettingType.string(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue("tweets")
            .doc("the event topic");
    public static final Setting<String> DLQ_TOPIC = Setting.define("LAMBDA_KAFKA_DLQ_TOPIC", SettingType.string(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue("tweets.dlq")
            .doc("where ingestion sends invalid records");
    public static final Setting<Path> CLIENT_PROPERTIES = Setting.define("LAMBDA_KAFKA_CLIENT_PROPERTIES", SettingType.path(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("extra Kafka client settings file (security etc.) for every client: it overrides the pipeline's tuning"
                    + " defaults but not what a client needs to be correct (idempotence, `acks=all`, committed reads, its"
                    + " timeouts), see `KafkaClientFactory`");

    public KafkaSettings {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(dlqTopic, "dlqTopic is null");
        clientProperties = Map.copyOf(requireNonNull(clientProperties, "clientProperties is null"));
    }

    /** Names the client properties but not their values, which can hold credentials (sasl.jaas.config, ssl.*.password). */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", dlqTopic=" + dlqTopic
                + ", clientProperties=" + new TreeSet<>(clientProperties.keySet()) + "]";
    }

    /** Reads the Kafka settings; problems are collected in {@code reader}. */
    public static KafkaSettings from(ConfigReader reader) {
        String bootstrap = reader.get(BOOTSTRAP);
        String topic = reader.get(TOPIC);
        String dlq = reader.get(DLQ_TOPIC);
        reader.check(!topic.equals(dlq), TOPIC + " and " + DLQ_TOPIC + " must differ, both are " + topic);
        Map<String, String> extra = new HashMap<>();
        Optional<Path> file = reader.optional(CLIENT_PROPERTIES);
        if (file.isPresent()) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                properties.load(in);
                properties.stringPropertyNames().forEach(k -> extra.put(k, properties.getProperty(k)));
            } catch (IOException | IllegalArgumentException e) {
                reader.invalid(CLIENT_PROPERTIES, file.get().toString(), "a readable Kafka client properties file (" + e.getMessage() + ")");
            }
        }
        return new KafkaSettings(bootstrap, topic, dlq, extra);
    }
}
