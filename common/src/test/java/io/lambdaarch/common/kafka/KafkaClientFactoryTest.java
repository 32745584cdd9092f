package io.lambdaarch.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.KafkaSecurity;
import io.lambdaarch.common.config.KafkaSettings;
import io.lambdaarch.common.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaClientFactoryTest {
    private static final KafkaClientSpec SPEC = KafkaClientSpec.named("lambda-test")
            .withDefaults(Map.of("linger.ms", 20, "fetch.max.bytes", 1024))
            .withRequired(Map.of("enable.idempotence", true, "isolation.level", "read_committed"));

    @Test
    void shouldLetTheClientPropertiesReplaceDefaults() {
        Map<String, Object> config = factory(Map.of("linger.ms", "50", "client.id", "quota-group")).config(SPEC);

        assertThat(config).containsEntry("linger.ms", "50")
                .containsEntry("client.id", "quota-group")
                .containsEntry("fetch.max.bytes", 1024);
    }

    @Test
    void shouldKeepRequiredSettingsOverTheClientProperties() {
        Map<String, Object> config = factory(Map.of("enable.idempotence", "false", "isolation.level", "read_uncommitted",
                "security.protocol", "SASL_SSL")).config(SPEC);

        assertThat(config).containsEntry("enable.idempotence", true)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void shouldAlwaysTakeTheBootstrapServersFromTheSetting() {
        Map<String, Object> config = factory(Map.of("bootstrap.servers", "elsewhere:9092"))
                .config(SPEC.withDefaults(Map.of("bootstrap.servers", "default:9092")));

        assertThat(config).containsEntry("bootstrap.servers", "broker:9092");
    }

    @Test
    void shouldBoundEveryCallByTheTimeoutWhateverTheFileSays() {
        Map<String, Object> config = factory(Map.of("request.timeout.ms", "600000", "default.api.timeout.ms", "600000"))
                .config(KafkaClientSpec.named("lambda-test").withTimeout(Duration.ofSeconds(7)));

        assertThat(config).containsEntry("request.timeout.ms", 7000).containsEntry("default.api.timeout.ms", 7000);
    }

    @Test
    void shouldPassTheSameLayersToSparkWithoutTheKeysItManages() {
        Map<String, String> options = factory(Map.of("security.protocol", "SSL", "group.id", "mine", "linger.ms", "50"))
                .sparkSourceOptions(SPEC, Set.of("group.id"));

        assertThat(options).containsEntry("kafka.security.protocol", "SSL")
                .containsEntry("kafka.bootstrap.servers", "broker:9092")
                .containsEntry("kafka.linger.ms", "50")
                .containsEntry("kafka.enable.idempotence", "true")
                .doesNotContainKey("kafka.group.id");
    }

    @Test
    void shouldPutTheSecuritySettingsBetweenTheDefaultsAndTheClientProperties() {
        KafkaSecurity scram = KafkaSecurity.scram("ingest", new Secret("s3cret"), Optional.of(Path.of("truststore.p12")),
                Optional.empty());
        KafkaClientFactory factory = new KafkaClientFactory(new KafkaSettings("broker:9092", "tweets", "tweets.dlq",
                Map.of("ssl.truststore.location", "/etc/kafka/truststore.p12"), scram));

        Map<String, Object> config = factory.config(SPEC.withDefaults(Map.of("security.protocol", "PLAINTEXT")));

        assertThat(config).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12");
    }

    @Test
    void shouldGiveSparkTheSecuritySettingsToo() {
        KafkaClientFactory factory = new KafkaClientFactory(new KafkaSettings("broker:9092", "tweets", "tweets.dlq",
                Map.of(), KafkaSecurity.mskIam(Optional.empty(), Optional.empty())));

        assertThat(factory.sparkSourceOptions(SPEC, Set.of()))
                .containsEntry("kafka.security.protocol", "SASL_SSL")
                .containsEntry("kafka.sasl.mechanism", "AWS_MSK_IAM")
                .containsEntry("kafka.sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;")
                .containsEntry("kafka.sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }

    private static KafkaClientFactory factory(Map<String, String> clientProperties) {
        return new KafkaClientFactory(new KafkaSettings("broker:9092", "tweets", "tweets.dlq", clientProperties));
    }
}
