package io.lambdaarch.speed.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.view.TweetView;
import io.lambdaarch.common.view.ViewCatalog;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.speed.LocalSpark;
import io.lambdaarch.speed.RecordCounters;
import io.lambdaarch.speed.SpeedViewTransformation;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark's real Kafka source with the speed layer's options, in this JVM next to the embedded broker: where a new
 * checkpoint starts, and that ingest times are the broker's LogAppendTime stamps.
 */
@ExtendWith(LocalStackExtension.class)
class KafkaSourceIT {
    private static StackSandbox sandbox;
    private static SparkSession spark;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("speed_source");
        spark = LocalSpark.start("kafka-source-it");
    }

    @AfterAll
    static void tearDown() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void shouldStartANewCheckpointAtTheFirstRecordIngestedWithinRetention(@TempDir Path checkpoint) throws Exception {
        Map<String, Long> oldIngestTimes = new HashMap<>();
        Map<String, Long> recentIngestTimes = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.stack().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 6; i++) {
                String id = Integer.toString(100 + i);
                oldIngestTimes.put(id, producer.send(new ProducerRecord<>(sandbox.topic(), i % 2, id, event(id))).get().timestamp());
            }
            long newestOld = oldIngestTimes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            while (System.currentTimeMillis() <= newestOld + 50) {
                Thread.sleep(10);
            }
            // Partition 2 gets nothing inside retention: it must start at its end instead of failing the query.
            for (int i = 0; i < 4; i++) {
                String id = Integer.toString(200 + i);
                recentIngestTimes.put(id, producer.send(new ProducerRecord<>(sandbox.topic(), 0, id, event(id))).get().timestamp());
            }
            SpeedLayerConfig config = SpeedLayerConfig.from(sandbox.configSource(), true);
            Instant startedAt = Instant.ofEpochMilli(newestOld + 1).plus(config.pipeline().speedRetention());

            Map<String, Long> read = readAvailable(KafkaSourceOptions.of(config, startedAt), checkpoint);

            assertThat(read).isEqualTo(recentIngestTimes);
        }
    }

    /** event id -> ingest time (epoch ms) of everything the source returns until it has caught up. */
    private static Map<String, Long> readAvailable(Map<String, String> options, Path checkpoint) throws Exception {
        Map<String, Long> read = new ConcurrentHashMap<>();
        SpeedViewTransformation transformation = new SpeedViewTransformation(ViewCatalog.shipped(), Duration.ofSeconds(60),
                Duration.ofMinutes(1), RecordCounters.register(spark.sparkContext()));
        StreamingQuery query = transformation.parse(spark.readStream().format("kafka").options(options).load())
                .writeStream()
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.AvailableNow())
                .foreachBatch((batch, batchId) -> {
                    for (Row row : batch.collectAsList()) {
                        Timestamp ingest = row.getAs(TweetView.INGEST_TIME);
                        read.put(row.getAs(TweetView.EVENT_ID), ingest.getTime());
                    }
                })
                .start();
        try {
            assertThat(query.awaitTermination(Duration.ofMinutes(3).toMillis())).as("caught up in time").isTrue();
        } finally {
            query.stop();
        }
        return read;
    }

    private static String event(String id) {
        return String.format("{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\"}", id, Instant.now());
    }
}
