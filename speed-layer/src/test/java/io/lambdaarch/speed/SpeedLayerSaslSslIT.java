package io.lambdaarch.speed;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.PipelineSettings;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.localstack.kafka.SaslSslKafka;
import io.lambdaarch.speed.config.SpeedLayerConfig;
import io.lambdaarch.speed.testing.SpeedTables;
import io.lambdaarch.speed.testing.SpeedWorkload;
import io.lambdaarch.speed.testing.SpeedWorkload.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built speed-layer jar through SparkSubmit against a broker that takes only TLS and SCRAM-SHA-512: the driver's
 * preflight and the Kafka source's consumers on the executors get their security from the same settings, and the
 * truststore is given as a relative path, resolved in the job's working directory as it is in a YARN container that
 * {@code spark-submit --files} shipped it to. speed_view equals the truth of what was sent.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerSaslSslIT {
    private static final Duration BUCKET = Duration.ofSeconds(5);

    @Test
    void shouldReadOverSaslSslOnTheExecutors(LocalStack stack, @TempDir Path directory, @TempDir Path workDir) throws Exception {
        StackSandbox sandbox = stack.sandbox("speed_sasl");
        SpeedWorkload workload = new SpeedWorkload(31, BUCKET);
        try (SaslSslKafka broker = SaslSslKafka.start(directory)) {
            broker.createPipelineTopics(sandbox.topic(), sandbox.dlqTopic(), 2);
            send(broker, sandbox.topic(), workload, workload.newEvents(200, Instant.now()));
            Files.copy(broker.tls().truststore(), workDir.resolve("kafka-truststore.p12"));
            Map<String, String> settings = new HashMap<>(sandbox.settings());
            settings.putAll(broker.clientSettings());
            settings.put(KafkaSettings.TRUSTSTORE.name(), "kafka-truststore.p12");
            settings.put(PipelineSettings.INGEST_BUCKET.name(), BUCKET.toSeconds() + "s");
            settings.put(SpeedLayerConfig.CHECKPOINT.name(), workDir.resolve("checkpoint").toString());

            try (SparkSubmitProcess job = SparkSubmitProcess.start(workDir, "sasl", settings, "--once")) {
                assertThat(job.waitFor(Duration.ofMinutes(6))).as(job.output()).isZero();
            }
        }

        assertThat(SpeedTables.speedView(sandbox)).isEqualTo(workload.truth());
    }

    /** Over the plaintext listener: the test's own producer is not under test. */
    private static void send(SaslSslKafka broker, String topic, SpeedWorkload workload, List<Event> events) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Event event : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, event.id(), event.json())));
            }
            for (int i = 0; i < events.size(); i++) {
                workload.sent(events.get(i), sent.get(i).get().timestamp());
            }
        }
    }
}
