package io.lambdaarch.batch.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.Failures;
import io.lambdaarch.common.error.TerseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTimestampException;

/**
 * Reads the broker's clock by writing one small record to a LogAppendTime probe topic: for such a topic the
 * producer's acknowledgement carries the time the broker stored the record. The probe never touches a data topic.
 */
public final class BrokerClockProbe {
    private static final byte[] PROBE_VALUE = "lambda-batch clock probe".getBytes(StandardCharsets.UTF_8);

    private final KafkaClients clients;
    private final String probeTopic;

    public BrokerClockProbe(KafkaClients clients, String probeTopic) {
        this.clients = requireNonNull(clients, "clients is null");
        this.probeTopic = requireNonNull(probeTopic, "probeTopic is null");
    }

    /** The broker's time now (a lower bound on it once this returns). */
    public Instant read() {
        try (Producer<byte[], byte[]> producer = clients.producer()) {
            // Timestamp 0 makes a CreateTime topic obvious: its acknowledgement would echo 0 back (or reject it).
            RecordMetadata metadata = producer.send(new ProducerRecord<>(probeTopic, null, 0L, null, PROBE_VALUE))
                    .get(clients.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            if (metadata.timestamp() <= 0) {
                throw notLogAppendTime(null);
            }
            return Instant.ofEpochMilli(metadata.timestamp());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidTimestampException) {
                throw notLogAppendTime(e.getCause());
            }
            throw new TerseException("Cannot write the clock probe to Kafka topic " + probeTopic + " at "
                    + clients.settings().bootstrapServers() + ": " + Failures.rootMessage(e), e);
        } catch (TimeoutException e) {
            throw new TerseException("Cannot write the clock probe to Kafka topic " + probeTopic + " at "
                    + clients.settings().bootstrapServers() + " within " + clients.timeout().toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TerseException("Interrupted while probing the broker clock", e);
        }
    }

    private TerseException notLogAppendTime(Throwable cause) {
        return new TerseException("Clock probe topic " + probeTopic
                + " does not use message.timestamp.type=LogAppendTime, so it cannot tell the broker's time", cause);
    }
}
