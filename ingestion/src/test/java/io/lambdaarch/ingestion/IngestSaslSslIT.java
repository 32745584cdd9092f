package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.localstack.kafka.SaslSslKafka;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingestion's idempotent producer against a broker that takes only TLS and SCRAM-SHA-512, configured as a deployment
 * is ({@code LAMBDA_KAFKA_SECURITY=scram-sha-512}, user, password, truststore): every event arrives, once.
 */
class IngestSaslSslIT {
    private static final String TOPIC = "ingest-sasl";
    private static final int EVENTS = 500;

    @Test
    void shouldProduceEveryEventOverSaslSsl(@TempDir Path directory) throws Exception {
        try (SaslSslKafka broker = SaslSslKafka.start(directory)) {
            broker.createPipelineTopics(TOPIC, TOPIC + ".dlq", 2);
            Map<String, String> settings = new HashMap<>(broker.clientSettings());
            settings.put(KafkaSettings.TOPIC.name(), TOPIC);
            settings.put(KafkaSettings.DLQ_TOPIC.name(), TOPIC + ".dlq");
            IngestCommand.Context context = new IngestCommand.Context(() -> ConfigSource.of(settings), Clock.systemUTC(),
                    Sleeper.SYSTEM, XApiClient::defaultHttpClient);

            CommandRun run = CommandRun.start(context, "--source", "synthetic", "--seed", "5", "--count", Integer.toString(EVENTS),
                    "--duplicate-fraction", "0", "--malformed-fraction", "0");

            assertThat(run.awaitExit(Duration.ofMinutes(3))).as(run.out() + run.err()).isEqualTo(CommandLines.OK);
            // Read back over the plaintext listener, outside the code under test.
            List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readAll(broker.kafka().bootstrapServers(), TOPIC);
            assertThat(records).hasSize(EVENTS);
            assertThat(records.stream().map(r -> TopicContents.text(r.key())).distinct()).hasSize(EVENTS);
        }
    }
}
