package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.localstack.kafka.SaslSslKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch run's consumer, admin client and clock probe against a broker that takes only TLS and SCRAM-SHA-512,
 * configured as a deployment is ({@code LAMBDA_KAFKA_SECURITY=scram-sha-512}, user, password, truststore): batch_view
 * equals the truth of the workload. S3 and the warehouse are the local stack's.
 */
@ExtendWith(LocalStackExtension.class)
class BatchSaslSslIT {
    private static final int PARTITIONS = 3;

    @Test
    void shouldLandAndRecomputeOverSaslSsl(LocalStack stack, @TempDir Path directory) throws Exception {
        StackSandbox sandbox = stack.sandbox("batch_sasl");
        try (SaslSslKafka broker = SaslSslKafka.start(directory)) {
            broker.createPipelineTopics(sandbox.topic(), sandbox.dlqTopic(), PARTITIONS);
            Workload workload = Workload.generate(23, 3_000_000_000L, 600, 12, 3, Instant.now(), PARTITIONS);
            send(broker, sandbox.topic(), workload.first());
            Thread.sleep(20);
            send(broker, sandbox.topic(), workload.later());
            // a 1 s ingest bucket with no margin: every record is before the cutoff a second from now
            Thread.sleep(1200);
            Map<String, String> settings = new HashMap<>(broker.clientSettings());
            settings.put("LAMBDA_INGEST_BUCKET", "1s");
            settings.put("LAMBDA_BATCH_CLOCK_MARGIN", "0s");
            ConfigSource config = sandbox.configSource(settings);

            BatchCli.Result result = BatchCli.run(config, "run");

            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(TestWarehouse.batchView(sandbox)).isEqualTo(workload.truth());
            assertThat(TestWarehouse.landingOffsets(sandbox).values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(workload.validRecords() + workload.malformedRecords());
        }
    }

    /** Over the plaintext listener: the test's own producer is not under test. */
    private static void send(SaslSslKafka broker, String topic, List<Workload.Message> messages) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Workload.Message message : messages) {
                producer.send(new ProducerRecord<>(topic, message.partition(), message.key().getBytes(StandardCharsets.UTF_8),
                        message.value()));
            }
            producer.flush();
        }
    }
}
