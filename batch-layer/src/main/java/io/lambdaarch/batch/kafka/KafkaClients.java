package io.lambdaarch.batch.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds the Kafka clients of one run with the shared settings (bootstrap servers, the extra client properties file)
 * and the batch layer's timeouts. The one place clients are created, so tests can swap it.
 */
public class KafkaClients {
    private final KafkaSettings settings;
    private final Duration timeout;
    private final String clientId;
    private final String consumerGroup;

    public KafkaClients(KafkaSettings settings, Duration timeout, String clientId, String consumerGroup) {
        this.settings = requireNonNull(settings, "settings is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.consumerGroup = requireNonNull(consumerGroup, "consumerGroup is null");
    }

    public KafkaSettings settings() {
        return settings;
    }

    public Duration timeout() {
        return timeout;
    }

    /** An admin client for metadata and offsets; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.<String, Object>copyOf(common()));
    }

    /**
     * A consumer for reading by explicit assignment: no subscription, no auto-commit, committed records only.
     * The group id only names where the informational offsets go.
     */
    public Consumer<byte[], byte[]> consumer() {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        // One partition is read at a time; bounded fetches keep the heap flat (a larger record still gets through).
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        config.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer for the clock probe; the caller closes it. */
    public Producer<byte[], byte[]> producer() {
        Map<String, Object> config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>(settings.clientProperties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // Without this an unreachable broker is retried with growing backoff long past the timeout.
        config.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return config;
    }
}
