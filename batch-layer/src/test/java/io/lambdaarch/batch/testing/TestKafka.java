package io.lambdaarch.batch.testing;

import io.lambdaarch.localstack.StackSandbox;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Produces test records straight to a sandbox topic (the ingestion service is not needed for the batch layer). */
public final class TestKafka {
    private TestKafka() {
    }

    /** A landed coordinate: which partition and offset a record got. */
    public record Coordinate(int partition, long offset) {
    }

    /**
     * Sends a workload (its later copies strictly after the first ones, so they get later ingest times) and waits
     * until a 1 s ingest bucket with no clock margin puts every record before the cutoff. Returns the coordinates of
     * every valid record.
     */
    public static List<Coordinate> sendWorkload(StackSandbox sandbox, Workload workload) {
        try {
            List<Coordinate> coordinates = new ArrayList<>(send(sandbox, workload.first()));
            Thread.sleep(20);
            coordinates.addAll(send(sandbox, workload.later()));
            Thread.sleep(1200);
            return coordinates;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends the messages, waits for every acknowledgement and returns where each valid one was stored. */
    public static List<Coordinate> send(StackSandbox sandbox, List<Workload.Message> messages) {
        try (KafkaProducer<byte[], byte[]> producer = producer(sandbox)) {
            List<Future<RecordMetadata>> valid = new ArrayList<>();
            for (Workload.Message message : messages) {
                Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(sandbox.topic(), message.partition(),
                        message.key().getBytes(StandardCharsets.UTF_8), message.value()));
                if (message.valid()) {
                    valid.add(sent);
                }
            }
            producer.flush();
            List<Coordinate> coordinates = new ArrayList<>();
            for (Future<RecordMetadata> sent : valid) {
                RecordMetadata metadata = sent.get();
                coordinates.add(new Coordinate(metadata.partition(), metadata.offset()));
            }
            return coordinates;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot produce test records", e.getCause());
        }
    }

    /** Sends the messages and returns where Kafka stored each (partition, offset, LogAppendTime), in message order. */
    public static List<RecordMetadata> sendAll(StackSandbox sandbox, List<Workload.Message> messages) {
        try (KafkaProducer<byte[], byte[]> producer = producer(sandbox)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Workload.Message message : messages) {
                sent.add(producer.send(new ProducerRecord<>(sandbox.topic(), message.partition(),
                        message.key().getBytes(StandardCharsets.UTF_8), message.value())));
            }
            producer.flush();
            List<RecordMetadata> stored = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                stored.add(future.get());
            }
            return stored;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot produce test records", e.getCause());
        }
    }

    public static KafkaProducer<byte[], byte[]> producer(StackSandbox sandbox) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.stack().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
