package io.lambdaarch.demo.fault.harness;

import io.lambdaarch.common.event.TweetEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer that is not ingestion: a plain KafkaProducer writing straight to the event topic, so nothing validates
 * or deduplicates its records before the layers see them.
 */
public final class ForeignProducer implements AutoCloseable {
    /** Just under Kafka's default message size limit of 1 MiB, with room for the record's own overhead. */
    static final int GARBAGE_BYTES = 1_000_000;

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public ForeignProducer(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * GARBAGE_BYTES),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** One record as the producer writes it: key and value may be null. */
    public record Poison(String what, byte[] key, byte[] value) {
    }

    /**
     * Records every layer must reject (docs/design.md#validation-and-normalization): each breaks a rule unambiguously. Written by hand, not
     * by the project's validator or generator, so the suite does not grade the pipeline with its own code.
     */
    public static List<Poison> poison(Instant now) {
        String at = now.truncatedTo(ChronoUnit.SECONDS).toString();
        byte[] garbage = new byte[GARBAGE_BYTES];
        new Random(7).nextBytes(garbage);
        List<Poison> poison = new ArrayList<>();
        poison.add(text("bad JSON", "7001", "{\"v\":1,\"id\":\"7001\",\"created_at\":\"" + at + "\",\"user\":{"));
        poison.add(text("negative followers", "7002", "{\"v\":1,\"id\":\"7002\",\"created_at\":\"" + at
                + "\",\"user\":{\"id\":\"1\",\"followers_count\":-5,\"location\":\"Oslo\"},\"favorite_count\":1}"));
        poison.add(text("negative retweets", "7003", "{\"v\":1,\"id\":\"7003\",\"created_at\":\"" + at
                + "\",\"retweet_count\":-1}"));
        poison.add(new Poison("1 MB of random bytes", null, garbage));
        poison.add(text("JSON array", null, "[{\"v\":1,\"id\":\"7004\",\"created_at\":\"" + at + "\"}]"));
        poison.add(text("JSON string", null, "\"a tweet\""));
        poison.add(text("JSON number", null, "42"));
        poison.add(text("JSON null", null, "null"));
        poison.add(text("text count", "7005", "{\"v\":1,\"id\":\"7005\",\"created_at\":\"" + at + "\",\"favorite_count\":\"three\"}"));
        poison.add(text("fractional count", "7006", "{\"v\":1,\"id\":\"7006\",\"created_at\":\"" + at + "\",\"retweet_count\":1.5}"));
        poison.add(text("numeric created_at", "7007", "{\"v\":1,\"id\":\"7007\",\"created_at\":1764150000}"));
        poison.add(text("created_at without offset", "7008", "{\"v\":1,\"id\":\"7008\",\"created_at\":\"2026-11-26T09:15:30\"}"));
        poison.add(text("id not digits", null, "{\"v\":1,\"id\":\"tweet-7009\",\"created_at\":\"" + at + "\"}"));
        poison.add(text("id missing", null, "{\"v\":1,\"created_at\":\"" + at + "\"}"));
        poison.add(new Poison("null value (tombstone)", "7010".getBytes(StandardCharsets.UTF_8), null));
        poison.add(new Poison("empty value", null, new byte[0]));
        poison.add(new Poison("ill-formed UTF-8", null, new byte[] {'{', '"', 'v', '"', ':', '1', ',', '"', (byte) 0xC3, 0x28, '"', '}'}));
        return List.copyOf(poison);
    }

    /** A valid event in the event format, written by hand (with a location that needs trimming). */
    public static Poison validEvent(TweetEvent event) {
        String json = "{\"v\":1,\"id\":\"" + event.id() + "\",\"created_at\":\"" + event.createdAt() + "\",\"user\":{\"id\":\""
                + event.userId() + "\",\"followers_count\":" + event.followersCount() + ",\"location\":\"  " + event.location()
                + " \"},\"favorite_count\":" + event.favoriteCount() + ",\"retweet_count\":" + event.retweetCount()
                + ",\"lang\":\"en\",\"text\":\"written by a foreign producer\",\"unknown_field\":[1,2,3]}";
        return text("valid event", event.id(), json);
    }

    /** Sends {@code records} in order and waits until Kafka has acknowledged each. */
    public void send(List<Poison> records) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Poison record : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get();
        }
    }

    /**
     * Sends {@code records} in order to partition {@code partition} and waits until Kafka has acknowledged each; returns
     * where each landed (offset, and the broker's LogAppendTime as its timestamp), in order.
     */
    public List<RecordMetadata> sendTo(int partition, List<Poison> records) throws InterruptedException, ExecutionException {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Poison record : records) {
            sent.add(producer.send(new ProducerRecord<>(topic, partition, record.key(), record.value())));
        }
        List<RecordMetadata> acknowledged = new ArrayList<>();
        for (Future<RecordMetadata> ack : sent) {
            acknowledged.add(ack.get());
        }
        return acknowledged;
    }

    @Override
    public void close() {
        producer.close();
    }

    private static Poison text(String what, String key, String value) {
        return new Poison(what, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }
}
