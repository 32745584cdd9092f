package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaSettingsTest {
    @TempDir
    Path directory;

    @Test
    void testDefaults() {
        assertThat(Settings.read(Map.of("LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092"), KafkaSettings::from))
                .isEqualTo(new KafkaSettings("localhost:9092", "tweets", "tweets.dlq", Map.of()));
    }

    @Test
    void testExplicitPropertyMappings() throws IOException {
        Path clientProperties = Files.writeString(directory.resolve("client.properties"),
                "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n");

        KafkaSettings settings = Settings.read(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "broker-1:9092,broker-2:9093",
                "LAMBDA_KAFKA_TOPIC", "posts",
                "LAMBDA_KAFKA_DLQ_TOPIC", "posts.invalid",
                "LAMBDA_KAFKA_CLIENT_PROPERTIES", clientProperties.toString()), KafkaSettings::from);

        assertThat(settings).isEqualTo(new KafkaSettings("broker-1:9092,broker-2:9093", "posts", "posts.invalid",
                Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost:9092", "10.0.0.1:9092", "a:1,b:2,c:3", "kafka.example.com:19092"})
    void shouldAcceptHostPortLists(String bootstrap) {
        assertThat(Settings.read(Map.of("LAMBDA_KAFKA_BOOTSTRAP", bootstrap), KafkaSettings::from).bootstrapServers())
                .isEqualTo(bootstrap);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost", "localhost:", ":9092", "localhost:9092,", "a:1 b:2", "a:1;b:2",
        "localhost:123456", "kafka://localhost:9092"})
    void shouldRejectBootstrapThatIsNotHostPortList(String bootstrap) {
        assertThat(Settings.problems(Map.of("LAMBDA_KAFKA_BOOTSTRAP", bootstrap), KafkaSettings::from)).containsExactly(
                "Invalid value " + bootstrap + " for LAMBDA_KAFKA_BOOTSTRAP (from given): "
                        + "expected host:port[,host:port...]");
    }

    @Test
    void shouldRequireBootstrap() {
        assertThat(Settings.problems(Map.of(), KafkaSettings::from)).containsExactly(
                "Missing LAMBDA_KAFKA_BOOTSTRAP: expected host:port[,host:port...] of the Kafka brokers");
    }

    @Test
    void shouldReportEveryBadValueInOneException() {
        Path missing = directory.resolve("missing.properties");

        List<String> problems = Settings.problems(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "localhost",
                "LAMBDA_KAFKA_TOPIC", "tweets",
                "LAMBDA_KAFKA_DLQ_TOPIC", "tweets",
                "LAMBDA_KAFKA_CLIENT_PROPERTIES", missing.toString()), KafkaSettings::from);

        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).isEqualTo(
                "Invalid value localhost for LAMBDA_KAFKA_BOOTSTRAP (from given): expected host:port[,host:port...]");
        assertThat(problems.get(1))
                .isEqualTo("LAMBDA_KAFKA_TOPIC and LAMBDA_KAFKA_DLQ_TOPIC must differ, both are tweets");
        assertThat(problems.get(2)).startsWith("Invalid value " + missing
                + " for LAMBDA_KAFKA_CLIENT_PROPERTIES (from given): expected a readable Kafka client properties file");
    }

    @Test
    void shouldNotPrintClientPropertyValues() throws IOException {
        Path clientProperties = Files.writeString(directory.resolve("client.properties"),
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"pipeline\" password=\"s3cr3t-kafka\";\n"
                        + "ssl.truststore.password=s3cr3t-truststore\n");

        KafkaSettings settings = Settings.read(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092",
                "LAMBDA_KAFKA_CLIENT_PROPERTIES", clientProperties.toString()), KafkaSettings::from);

        assertThat(settings.clientProperties()).containsEntry("ssl.truststore.password", "s3cr3t-truststore");
        assertThat(settings.toString())
                .isEqualTo("KafkaSettings[bootstrapServers=localhost:9092, topic=tweets, dlqTopic=tweets.dlq, "
                        + "clientProperties=[sasl.jaas.config, ssl.truststore.password]]")
                .doesNotContain("s3cr3t");
    }
}
