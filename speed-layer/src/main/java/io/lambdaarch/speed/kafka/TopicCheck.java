package io.lambdaarch.speed.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks before Spark starts that the broker answers and the topic exists with {@code LogAppendTime}: Spark's own
 * source would retry an unreachable broker for a long time, and with {@code CreateTime} the ingest buckets would
 * follow producers' clocks and break the exact merge with the batch layer (docs/design.md#the-boundary-rule).
 */
public final class TopicCheck {
    private final KafkaSettings settings;
    private final Duration timeout;

    public TopicCheck(KafkaSettings settings, Duration timeout) {
        this.settings = requireNonNull(settings, "settings is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
    }

    /** Returns normally if the topic is usable; otherwise throws a {@link TerseException} that says why. */
    public void verify() {
        String topic = settings.topic();
        Admin admin = null;
        try {
            admin = createAdmin();
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
            ConfigEntry type = config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
            if (type == null || !"LogAppendTime".equals(type.value())) {
                throw new TerseException(String.format("Topic %s has %s=%s; the speed layer needs LogAppendTime so that"
                                + " ingest times come from the broker (set it with kafka-configs.sh --alter)", topic,
                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, type == null ? "unknown" : type.value()));
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new TerseException("Topic " + topic + " does not exist on Kafka at " + settings.bootstrapServers(), e);
            }
            throw unreachable(e);
        } catch (TimeoutException e) {
            throw new TerseException("Cannot reach Kafka at " + settings.bootstrapServers() + ": no answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (KafkaException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while checking topic " + topic, e);
        } finally {
            if (admin != null) {
                // Calls still pending after a timeout must not hold the job up.
                admin.close(Duration.ofSeconds(1));
            }
        }
    }

    private TerseException unreachable(Exception e) {
        return new TerseException("Cannot reach Kafka at " + settings.bootstrapServers() + ": " + Failures.rootMessage(e), e);
    }

    private Admin createAdmin() {
        Map<String, Object> properties = new HashMap<>(settings.clientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        return Admin.create(properties);
    }
}
