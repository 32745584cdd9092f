package io.lambdaarch.ingestion.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.ingestion.EventPublisher;
import io.lambdaarch.ingestion.IngestStats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends events and rejected records through one Kafka producer (idempotent, acks=all, see {@link KafkaClients}).
 * Valid events go to the event topic keyed by id; rejected records go to the DLQ unkeyed, with the original bytes as
 * value and these headers: {@value #REASON_CODE_HEADER} (stable code), {@value #REASON_HEADER} ({@code code: detail}),
 * {@value #SOURCE_HEADER}, {@value #ORIGIN_HEADER} and, for a record cut to the size limit,
 * {@value #ORIGINAL_LENGTH_HEADER}.
 */
public final class KafkaEventPublisher implements EventPublisher {
    public static final String REASON_CODE_HEADER = "reason.code";
    public static final String REASON_HEADER = "reason";
    public static final String SOURCE_HEADER = "source";
    public static final String ORIGIN_HEADER = "origin";
    public static final String ORIGINAL_LENGTH_HEADER = "original.length";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String dlqTopic;
    private final IngestStats stats;
    private final Duration closeTimeout;
    private final AtomicReference<String> failure = new AtomicReference<>();

    public KafkaEventPublisher(Producer<byte[], byte[]> producer, String topic, String dlqTopic, IngestStats stats,
            Duration closeTimeout) {
        this.producer = requireNonNull(producer, "producer is null");
        this.topic = requireNonNull(topic, "topic is null");
        this.dlqTopic = requireNonNull(dlqTopic, "dlqTopic is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.closeTimeout = requireNonNull(closeTimeout, "closeTimeout is null");
    }

    @Override
    public void publish(String id, byte[] canonicalEvent) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), canonicalEvent);
        send(record, new Delivery(record, id, true));
    }

    @Override
    public void publishRejected(byte[] original, Rejection rejection) {
        List<Header> headers = new ArrayList<>(5);
        headers.add(header(REASON_CODE_HEADER, rejection.code()));
        headers.add(header(REASON_HEADER, rejection.description()));
        headers.add(header(SOURCE_HEADER, rejection.source()));
        headers.add(header(ORIGIN_HEADER, rejection.origin()));
        if (rejection.originalLength() > original.length) {
            headers.add(header(ORIGINAL_LENGTH_HEADER, Long.toString(rejection.originalLength())));
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlqTopic, null, null, null, original, headers);
        send(record, new Delivery(record, rejection.origin(), false));
    }

    @Override
    public Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void flush() {
        try {
            producer.flush();
        } catch (KafkaException e) {
            fail("Kafka flush failed: " + Failures.rootMessage(e));
        }
    }

    /** The producer, for its client metrics. */
    public Producer<byte[], byte[]> producer() {
        return producer;
    }

    @Override
    public void close() {
        try {
            producer.close(closeTimeout);
        } catch (KafkaException e) {
            LOG.warn("Kafka producer did not close cleanly: {}", Failures.rootMessage(e));
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record, Delivery delivery) {
        try {
            producer.send(record, delivery);
        } catch (KafkaException e) {
            // Thrown at once, e.g. when the send buffer stayed full for max.block.ms while the broker was away.
            stats.recordFailed();
            fail(delivery.describe(e));
        }
    }

    /**
     * Counts one record's acknowledgement or reports its failure. The description of the record is built only on
     * failure: building it for every record was measurable at hundreds of thousands of records a second.
     */
    private final class Delivery implements Callback {
        private final ProducerRecord<byte[], byte[]> record;
        private final String name;
        private final boolean event;

        Delivery(ProducerRecord<byte[], byte[]> record, String name, boolean event) {
            this.record = record;
            this.name = name;
            this.event = event;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception == null) {
                if (event) {
                    stats.recordSent();
                } else {
                    stats.recordDlqSent();
                }
            } else {
                stats.recordFailed();
                fail(describe(exception));
            }
        }

        String describe(Exception exception) {
            return KafkaEventPublisher.describe(record, (event ? "event " : "rejected record ") + name, exception);
        }
    }

    private static String describe(ProducerRecord<byte[], byte[]> record, String what, Exception exception) {
        return String.format("Kafka did not store %s in %s: %s", what, record.topic(), Failures.rootMessage(exception));
    }

    private void fail(String message) {
        if (failure.compareAndSet(null, message)) {
            LOG.error(message);
        }
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
