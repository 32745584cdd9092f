package io.lambdaarch.batch.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;

/**
 * The Kafka clients of one run, built by the common {@link KafkaClientFactory} (its Javadoc has the precedence): the
 * client properties file may tune fetch sizes and backoff, but not the run's timeout, committed-only reads or
 * manual offsets. The one place the batch layer asks for clients, so tests can swap it.
 */
public class KafkaClients {
    private final KafkaClientFactory factory;
    private final Duration timeout;
    private final String clientId;
    private final String consumerGroup;

    public KafkaClients(KafkaClientFactory factory, Duration timeout, String clientId, String consumerGroup) {
        this.factory = requireNonNull(factory, "factory is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.consumerGroup = requireNonNull(consumerGroup, "consumerGroup is null");
    }

    public KafkaSettings settings() {
        return factory.settings();
    }

    public Duration timeout() {
        return timeout;
    }

    /** An admin client for metadata and offsets; the caller closes it. */
    public Admin admin() {
        return factory.admin(common());
    }

    /**
     * A consumer for reading by explicit assignment: no subscription, no auto-commit, committed records only.
     * The group id only names where the informational offsets go.
     */
    public Consumer<byte[], byte[]> consumer() {
        return factory.consumer(common()
                // One partition is read at a time; bounded fetches keep the heap flat (a larger record still gets through).
                .withDefaults(Map.of(
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 8 * 1024 * 1024,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * 1024 * 1024))
                .withRequired(Map.of(
                        ConsumerConfig.GROUP_ID_CONFIG, consumerGroup,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT))));
    }

    /** A producer for the clock probe; the caller closes it. */
    public Producer<byte[], byte[]> producer() {
        return factory.producer(common()
                .withDefaults(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0))
                .withRequired(Map.of(
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis() + 1000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis())));
    }

    private KafkaClientSpec common() {
        return KafkaClientSpec.named(clientId)
                // Without this an unreachable broker is retried with growing backoff long past the timeout.
                .withDefaults(Map.of(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000))
                .withTimeout(timeout);
    }
}
