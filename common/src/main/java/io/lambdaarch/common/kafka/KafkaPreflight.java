package io.lambdaarch.common.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one check, before a service reads or writes, that the broker answers within a bounded wait and the topics it
 * needs exist, optionally stamping {@code LogAppendTime}: otherwise a producer blocks on metadata and Spark's source
 * retries for minutes, and with {@code CreateTime} ingest times would follow producers' clocks and break the boundary
 * rule (docs/design.md#the-boundary-rule). Each problem becomes one {@link TerseException} line naming the setting to check.
 */
public final class KafkaPreflight {
    private static final String LOG_APPEND_TIME = "LogAppendTime";

    private final KafkaClientFactory clients;
    private final String clientId;
    private final Duration timeout;

    public KafkaPreflight(KafkaClientFactory clients, String clientId, Duration timeout) {
        this.clients = requireNonNull(clients, "clients is null");
        this.clientId = requireNonNull(clientId, "clientId is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Whether the checked topics must stamp records with the broker's clock. */
    public enum Timestamps { ANY, LOG_APPEND_TIME }

    /** Returns normally if every topic in {@code topics} is there (with {@code timestamps}); throws otherwise. */
    public void check(List<String> topics, Timestamps timestamps) {
        long deadline = System.nanoTime() + timeout.toNanos();
        KafkaClientSpec spec = KafkaClientSpec.named(clientId)
                // Without this an unreachable broker is retried with growing backoff long past the timeout.
                .withDefaults(Map.of(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000))
                .withTimeout(timeout);
        Admin admin = clients.admin(spec);
        try {
            Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
            for (String topic : topics) {
                await(described.get(topic), topic, deadline);
            }
            if (timestamps == Timestamps.LOG_APPEND_TIME) {
                for (String topic : topics) {
                    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                    Config config = await(admin.describeConfigs(List.of(resource)).all(), topic, deadline).get(resource);
                    ConfigEntry type = config == null ? null : config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
                    if (type == null || !LOG_APPEND_TIME.equals(type.value())) {
                        throw new TerseException(String.format("Topic %s has %s=%s; the pipeline needs %s so that ingest"
                                        + " times come from the broker (set it with kafka-configs.sh --alter)", topic,
                                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, type == null ? "unknown" : type.value(), LOG_APPEND_TIME));
                    }
                }
            }
        } catch (KafkaException e) {
            throw new TerseException(String.format("Kafka at %s cannot be used: %s", bootstrap(), Failures.rootMessage(e)), e);
        } finally {
            // Calls still pending after a timeout must not hold the caller up.
            admin.close(Duration.ofSeconds(1));
        }
    }

    private <T> T await(KafkaFuture<T> future, String topic, long deadline) {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while checking Kafka topic " + topic, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new TerseException(String.format("Topic %s does not exist on Kafka at %s: create it"
                        + " (./lambda stack creates %s and %s) or name another with %s/%s", topic, bootstrap(),
                        KafkaSettings.TOPIC.defaultValue().orElseThrow(), KafkaSettings.DLQ_TOPIC.defaultValue().orElseThrow(), KafkaSettings.TOPIC, KafkaSettings.DLQ_TOPIC), e);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(e);
            }
            throw new TerseException(String.format("Kafka at %s refused to describe topic %s: %s", bootstrap(), topic,
                    Failures.rootMessage(e)), e);
        }
    }

    private TerseException unreachable(Exception cause) {
        return new TerseException(String.format("Kafka is not reachable at %s (waited %s): is the broker running? Check %s",
                bootstrap(), Durations.format(timeout), KafkaSettings.BOOTSTRAP), cause);
    }

    private String bootstrap() {
        return clients.settings().bootstrapServers();
    }
}
