package io.lambdaarch.serving.kafka;

/** Where the freshness report gets the topic's offsets from; never blocks on Kafka. */
@FunctionalInterface
public interface OffsetsSource {
    OffsetsState current();
}
