package io.lambdaarch.common.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * What one module asks of one Kafka client, in the two layers {@link KafkaClientFactory} puts around the user's
 * client properties: {@code defaults} the user's file may replace, {@code required} it may not.
 */
public record KafkaClientSpec(Map<String, Object> defaults, Map<String, Object> required) {
    public KafkaClientSpec {
        defaults = Map.copyOf(requireNonNull(defaults, "defaults is null"));
        required = Map.copyOf(requireNonNull(required, "required is null"));
    }

    /** A client named {@code clientId} (a default: quotas or monitoring may want another) and nothing else. */
    public static KafkaClientSpec named(String clientId) {
        return new KafkaClientSpec(Map.of(CommonClientConfigs.CLIENT_ID_CONFIG, requireNonNull(clientId, "clientId is null")), Map.of());
    }

    /** This spec with {@code settings} added to the defaults. */
    public KafkaClientSpec withDefaults(Map<String, ?> settings) {
        Map<String, Object> merged = new HashMap<>(defaults);
        merged.putAll(settings);
        return new KafkaClientSpec(merged, required);
    }

    /** This spec with {@code settings} added to the required settings. */
    public KafkaClientSpec withRequired(Map<String, ?> settings) {
        Map<String, Object> merged = new HashMap<>(required);
        merged.putAll(settings);
        return new KafkaClientSpec(defaults, merged);
    }

    /**
     * This spec with every request and API call bounded by {@code timeout}, as required settings: the module's own
     * bounded waits (a preflight, a cron run) rest on them.
     */
    public KafkaClientSpec withTimeout(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, requireNonNull(timeout, "timeout is null").toMillis());
        return withRequired(Map.of(
                CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis,
                CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
    }
}
