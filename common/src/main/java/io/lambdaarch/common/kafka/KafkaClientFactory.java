package io.lambdaarch.common.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place the pipeline configures and builds Kafka clients: every producer, consumer and admin client of
 * ingestion, batch, serving, demo and bench, and the {@code kafka.*} options of the speed layer's Spark source.
 *
 * <p>One precedence, lowest to highest:
 * <ol>
 *   <li>the module's <b>defaults</b> ({@link KafkaClientSpec#defaults()}): tuning such as client id, batching,
 *       fetch sizes and reconnect backoff;</li>
 *   <li>the <b>security</b> settings, from {@code LAMBDA_KAFKA_SECURITY} and its user, password and truststore
 *       ({@link io.lambdaarch.common.config.KafkaSecurity}): TLS and SASL for SCRAM or MSK IAM;</li>
 *   <li>the user's <b>client properties</b>, from the file {@code LAMBDA_KAFKA_CLIENT_PROPERTIES}: security and
 *       tuning, so they replace any default or security setting (an MSK JAAS line with a role, for example);</li>
 *   <li>the module's <b>required</b> settings ({@link KafkaClientSpec#required()}): what its correctness or its own
 *       bounded waits rest on (idempotence, {@code acks=all}, {@code isolation.level=read_committed}, no auto-commit,
 *       timeouts derived from a {@code LAMBDA_*} setting). The file cannot weaken them; a key it sets that a
 *       required setting replaces is logged as a warning, by name only (values may be credentials);</li>
 *   <li>{@code bootstrap.servers}, always {@code LAMBDA_KAFKA_BOOTSTRAP}.</li>
 * </ol>
 */
public final class KafkaClientFactory {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClientFactory.class);

    private final KafkaSettings settings;

    public KafkaClientFactory(KafkaSettings settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** A factory for a broker the caller runs itself (the bench's stack): no client properties file applies. */
    public static KafkaClientFactory forLocalBroker(String bootstrapServers) {
        return new KafkaClientFactory(new KafkaSettings(bootstrapServers, KafkaSettings.TOPIC.defaultValue().orElseThrow(),
                KafkaSettings.DLQ_TOPIC.defaultValue().orElseThrow(), Map.of()));
    }

    public KafkaSettings settings() {
        return settings;
    }

    /** The client configuration for {@code spec}, layered as the class comment says. */
    public Map<String, Object> config(KafkaClientSpec spec) {
        requireNonNull(spec, "spec is null");
        Map<String, Object> config = new HashMap<>(spec.defaults());
        config.putAll(settings.security().clientProperties());
        config.putAll(settings.clientProperties());
        Set<String> replaced = new TreeSet<>(settings.clientProperties().keySet());
        replaced.retainAll(spec.required().keySet());
        replaced.removeIf(key -> String.valueOf(spec.required().get(key)).equals(settings.clientProperties().get(key)));
        if (!replaced.isEmpty()) {
            LOG.warn("{} sets {}, which this client needs otherwise; the file's values are ignored for them",
                    KafkaSettings.CLIENT_PROPERTIES, replaced);
        }
        config.putAll(spec.required());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }

    /** A new admin client; the caller closes it. */
    public Admin admin(KafkaClientSpec spec) {
        return Admin.create(config(spec));
    }

    /** A new consumer of raw bytes; the caller closes it. */
    public Consumer<byte[], byte[]> consumer(KafkaClientSpec spec) {
        return new KafkaConsumer<>(config(spec), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A new producer of raw bytes; the caller closes it. */
    public Producer<byte[], byte[]> producer(KafkaClientSpec spec) {
        return new KafkaProducer<>(config(spec), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The configuration for {@code spec} as options of Spark's Kafka source: each key prefixed with {@code kafka.},
     * minus {@code managedBySpark}, the keys the source sets itself and rejects when given.
     */
    public Map<String, String> sparkSourceOptions(KafkaClientSpec spec, Set<String> managedBySpark) {
        Map<String, String> options = new HashMap<>();
        config(spec).forEach((key, value) -> {
            if (!managedBySpark.contains(key)) {
                options.put("kafka." + key, String.valueOf(value));
            }
        });
        return options;
    }
}
