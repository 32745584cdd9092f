package io.lambdaarch.ingestion.kafka;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.Durations;
import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Checks before the first read that the broker answers and both topics exist, so a broker that is down gives one
 * clear line after a bounded wait instead of a producer blocking on metadata.
 */
public final class KafkaPreflight {
    private KafkaPreflight() {
    }

    /** Throws {@link TerseException} naming the problem if the broker or a topic is not there within {@code timeout}. */
    public static void check(Admin admin, KafkaSettings kafka, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, KafkaFuture<TopicDescription>> topics = admin.describeTopics(List.of(kafka.topic(), kafka.dlqTopic()))
                .topicNameValues();
        for (String topic : List.of(kafka.topic(), kafka.dlqTopic())) {
            try {
                long remaining = Math.max(0, deadline - System.nanoTime());
                topics.get(topic).get(remaining, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw unreachable(kafka, timeout);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    throw new TerseException(String.format("Topic %s does not exist on Kafka at %s: create it"
                            + " (./lambda stack creates %s and %s) or name another with %s/%s", topic, kafka.bootstrapServers(),
                            KafkaSettings.TOPIC.defaultValue().orElseThrow(), KafkaSettings.DLQ_TOPIC.defaultValue().orElseThrow(), KafkaSettings.TOPIC, KafkaSettings.DLQ_TOPIC));
                }
                if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw unreachable(kafka, timeout);
                }
                throw new TerseException(String.format("Kafka at %s refused to describe topic %s: %s",
                        kafka.bootstrapServers(), topic, Failures.rootMessage(e)), e);
            }
        }
    }

    private static TerseException unreachable(KafkaSettings kafka, Duration timeout) {
        return new TerseException(String.format("Kafka is not reachable at %s (waited %s): is the broker running?"
                + " Check %s", kafka.bootstrapServers(), Durations.format(timeout), KafkaSettings.BOOTSTRAP));
    }
}
