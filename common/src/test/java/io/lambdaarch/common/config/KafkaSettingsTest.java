package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                        + "clientProperties=[sasl.jaas.config, ssl.truststore.password], "
                        + "security=KafkaSecurity[mode=plaintext, username=, truststore=]]")
                .doesNotContain("s3cr3t");
    }

    @Test
    void shouldMapTheScramSettings() {
        KafkaSettings settings = Settings.read(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "b-1.msk.example.com:9096",
                "LAMBDA_KAFKA_SECURITY", "SCRAM-SHA-512",
                "LAMBDA_KAFKA_SASL_USERNAME", "lambda",
                "LAMBDA_KAFKA_SASL_PASSWORD", "s3cr3t",
                "LAMBDA_KAFKA_TRUSTSTORE", "kafka-truststore.p12",
                "LAMBDA_KAFKA_TRUSTSTORE_PASSWORD", "changeit"), KafkaSettings::from);

        assertThat(settings.security()).isEqualTo(KafkaSecurity.scram("lambda", new Secret("s3cr3t"),
                Optional.of(Path.of("kafka-truststore.p12")), Optional.of(new Secret("changeit"))));
        assertThat(settings.toString()).doesNotContain("s3cr3t", "changeit");
    }

    @Test
    void shouldMapMskIam() {
        KafkaSettings settings = Settings.read(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "b-1.msk.example.com:9098",
                "LAMBDA_KAFKA_SECURITY", "msk-iam"), KafkaSettings::from);

        assertThat(settings.security()).isEqualTo(KafkaSecurity.mskIam(Optional.empty(), Optional.empty()));
    }

    @Test
    void shouldDefaultToPlaintext() {
        assertThat(Settings.read(Map.of("LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092"), KafkaSettings::from).security())
                .isEqualTo(KafkaSecurity.PLAINTEXT);
    }

    @Test
    void shouldReportSecuritySettingsThatCannotWork() {
        assertThat(Settings.problems(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092",
                "LAMBDA_KAFKA_SECURITY", "scram-sha-512",
                "LAMBDA_KAFKA_SASL_USERNAME", "lambda",
                "LAMBDA_KAFKA_TRUSTSTORE_PASSWORD", "changeit"), KafkaSettings::from)).containsExactly(
                "LAMBDA_KAFKA_SECURITY=scram-sha-512 needs LAMBDA_KAFKA_SASL_USERNAME and LAMBDA_KAFKA_SASL_PASSWORD",
                "LAMBDA_KAFKA_TRUSTSTORE_PASSWORD is set without LAMBDA_KAFKA_TRUSTSTORE");
        assertThat(Settings.problems(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092",
                "LAMBDA_KAFKA_SASL_USERNAME", "lambda",
                "LAMBDA_KAFKA_SASL_PASSWORD", "s3cr3t",
                "LAMBDA_KAFKA_TRUSTSTORE", "truststore.p12"), KafkaSettings::from)).containsExactly(
                "LAMBDA_KAFKA_SASL_USERNAME and LAMBDA_KAFKA_SASL_PASSWORD apply only with LAMBDA_KAFKA_SECURITY=scram-sha-512,"
                        + " not plaintext",
                "LAMBDA_KAFKA_TRUSTSTORE needs TLS: set LAMBDA_KAFKA_SECURITY to scram-sha-512 or msk-iam");
        assertThat(Settings.problems(Map.of(
                "LAMBDA_KAFKA_BOOTSTRAP", "localhost:9092",
                "LAMBDA_KAFKA_SECURITY", "kerberos"), KafkaSettings::from)).singleElement().asString()
                .startsWith("Invalid value kerberos for LAMBDA_KAFKA_SECURITY (from given): expected");
    }
}
