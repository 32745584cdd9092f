package io.lambdaarch.localstack.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.kafka.KafkaClientFactory;
import io.lambdaarch.common.kafka.KafkaClientSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SASL_SSL listener the clients' security tests run against really authenticates and encrypts: the pipeline's
 * settings get through, a wrong password and a plaintext client do not.
 */
class SaslSslKafkaIT {
    private static final String TOPIC = "secured-tweets";
    private static final KafkaClientSpec SPEC = KafkaClientSpec.named("lambda-sasl-test").withTimeout(java.time.Duration.ofSeconds(15));

    @TempDir
    static Path directory;
    private static SaslSslKafka broker;

    @BeforeAll
    static void start() {
        broker = SaslSslKafka.start(directory);
        broker.createPipelineTopics(TOPIC, TOPIC + ".dlq", 1);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void thePipelineSettingsShouldAuthenticateOverTls() throws Exception {
        KafkaClientFactory clients = factory(broker.clientSettings());

        try (Producer<byte[], byte[]> producer = clients.producer(SPEC)) {
            producer.send(new ProducerRecord<>(TOPIC, "1".getBytes(), "{}".getBytes())).get(30, TimeUnit.SECONDS);
        }
        try (Admin admin = clients.admin(SPEC)) {
            assertThat(admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)).containsKey(TOPIC);
        }
    }

    @Test
    void aWrongPasswordShouldBeRefused() {
        try (Admin admin = factory(broker.clientSettings("not the password")).admin(SPEC)) {
            assertThatThrownBy(() -> admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aClientWithoutSecurityShouldNotGetThrough() {
        Map<String, String> plaintext = Map.of(KafkaSettings.BOOTSTRAP.name(), broker.kafka().saslSslBootstrapServers());

        try (Admin admin = factory(plaintext).admin(SPEC.withRequired(Map.of("request.timeout.ms", 3000, "default.api.timeout.ms", 5000)))) {
            assertThatThrownBy(() -> admin.describeTopics(java.util.List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    private static KafkaClientFactory factory(Map<String, String> settings) {
        ConfigReader reader = new ConfigReader(ConfigSource.of(new HashMap<>(settings)));
        KafkaSettings kafka = KafkaSettings.from(reader);
        reader.validate();
        return new KafkaClientFactory(kafka);
    }
}
