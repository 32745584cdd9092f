package io.lambdaarch.speed.kafka;

import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of Spark's Kafka source for the speed layer; its {@code kafka.*} client options come from the common
 * {@link KafkaClientFactory}, with the same precedence as every other client.
 */
public final class KafkaSourceOptions {
    /**
     * Client settings Spark's Kafka source manages itself and rejects when given
     * (org.apache.spark.sql.kafka010.KafkaSourceProvider#validateGeneralOptions): left out of the pass-through.
     */
    private static final Set<String> MANAGED_BY_SPARK = Set.of("auto.offset.reset", "enable.auto.commit",
            "key.deserializer", "value.deserializer", "interceptor.classes", "group.id");

    private KafkaSourceOptions() {
    }

    /**
     * Options for a query started at {@code now}. On a new checkpoint the query begins at the first record ingested at
     * or after {@code now - retention} in every partition (a partition with no such record starts at its end);
     * with an existing checkpoint Spark ignores these starting options and resumes where it stopped.
     */
    public static Map<String, String> of(SpeedLayerConfig config, Instant now) {
        // The speed layer needs nothing of its own from the client: the file's settings and the bootstrap servers.
        Map<String, String> options = new LinkedHashMap<>(new KafkaClientFactory(config.kafka())
                .sparkSourceOptions(new KafkaClientSpec(Map.of(), Map.of()), MANAGED_BY_SPARK));
        options.put("subscribe", config.kafka().topic());
        options.put("startingTimestamp", Long.toString(now.minus(config.pipeline().speedRetention()).toEpochMilli()));
        options.put("startingOffsetsByTimestampStrategy", "latest");
        // Records deleted by Kafka retention before we read them would be silently missing from speed_view.
        options.put("failOnDataLoss", "true");
        options.put("maxOffsetsPerTrigger", Long.toString(config.maxOffsetsPerTrigger()));
        return Map.copyOf(options);
    }
}
