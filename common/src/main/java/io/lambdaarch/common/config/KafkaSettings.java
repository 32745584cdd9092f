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
    public static final String BOOTSTRAP = "LAMBDA_KAFKA_BOOTSTRAP";
    public static final String TOPIC = "LAMBDA_KAFKA_TOPIC";
    public static final String DLQ_TOPIC = "LAMBDA_KAFKA_DLQ_TOPIC";
    public static final String CLIENT_PROPERTIES = "LAMBDA_KAFKA_CLIENT_PROPERTIES";
    public static final String DEFAULT_TOPIC = "tweets";
    public static final String DEFAULT_DLQ_TOPIC = "tweets.dlq";

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
        String bootstrap = reader.requiredString(BOOTSTRAP, "host:port[,host:port...] of the Kafka brokers");
        if (!bootstrap.isEmpty() && !bootstrap.matches("[^,\\s:]+:\\d{1,5}(,[^,\\s:]+:\\d{1,5})*")) {
            reader.invalid(BOOTSTRAP, bootstrap, "host:port[,host:port...]");
        }
        String topic = reader.string(TOPIC, DEFAULT_TOPIC);
        String dlq = reader.string(DLQ_TOPIC, DEFAULT_DLQ_TOPIC);
        reader.check(!topic.equals(dlq), TOPIC + " and " + DLQ_TOPIC + " must differ, both are " + topic);
        Map<String, String> extra = new HashMap<>();
        Optional<String> file = reader.optionalString(CLIENT_PROPERTIES);
        if (file.isPresent()) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(Path.of(file.get()), StandardCharsets.UTF_8)) {
                properties.load(in);
                properties.stringPropertyNames().forEach(k -> extra.put(k, properties.getProperty(k)));
            } catch (IOException | IllegalArgumentException e) {
                reader.invalid(CLIENT_PROPERTIES, file.get(), "a readable Kafka client properties file (" + e.getMessage() + ")");
            }
        }
        return new KafkaSettings(bootstrap, topic, dlq, extra);
    }
}
