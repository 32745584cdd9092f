package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class KafkaSecurityTest {
    @Test
    void plaintextShouldAddNothing() {
        assertThat(KafkaSecurity.PLAINTEXT.clientProperties()).isEmpty();
    }

    @Test
    void scramShouldBeSaslSslWithTheUserInTheJaasLine() {
        KafkaSecurity scram = KafkaSecurity.scram("lambda", new Secret("pa ss"), Optional.of(Path.of("truststore.p12")),
                Optional.of(new Secret("changeit")));

        assertThat(scram.clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"lambda\" password=\"pa ss\";",
                "ssl.truststore.location", "truststore.p12",
                "ssl.truststore.password", "changeit"));
    }

    @Test
    void scramPasswordShouldSurviveQuotesAndBackslashes() {
        String password = "a\"b\\c;d=e";
        KafkaSecurity scram = KafkaSecurity.scram("lambda", new Secret(password), Optional.empty(), Optional.empty());

        // Kafka's own JAAS parser reads the line back: the password it finds is the one configured.
        JaasContext context = JaasContext.loadClientContext(Map.of("sasl.jaas.config",
                new Password(scram.clientProperties().get("sasl.jaas.config"))));

        assertThat(context.configurationEntries()).singleElement()
                .satisfies(entry -> {
                    assertThat(entry.getOptions().get("username")).isEqualTo("lambda");
                    assertThat(entry.getOptions().get("password")).isEqualTo(password);
                });
    }

    /** What Amazon MSK's documentation prescribes for IAM access control ("Configure clients for IAM access control"). */
    @Test
    void mskIamShouldBeTheConfigurationMskDocuments() {
        assertThat(KafkaSecurity.mskIam(Optional.empty(), Optional.empty()).clientProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "AWS_MSK_IAM",
                "sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;",
                "sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler"));
    }

    /**
     * A real client accepts the IAM configuration: building one logs in through MSK's login module and instantiates its
     * callback handler, so a misspelt class or a missing jar fails here rather than on the cluster.
     */
    @Test
    void mskIamShouldBuildARealClient() {
        Map<String, Object> config = new HashMap<>(KafkaSecurity.mskIam(Optional.empty(), Optional.empty()).clientProperties());
        config.put("bootstrap.servers", "localhost:9");
        config.put("max.block.ms", 1);

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            assertThat(producer.metrics()).isNotEmpty();
        }
    }

    @Test
    void toStringShouldHideThePasswords() {
        KafkaSecurity scram = KafkaSecurity.scram("lambda", new Secret("s3cret"), Optional.of(Path.of("truststore.p12")),
                Optional.of(new Secret("changeit")));

        assertThat(scram.toString()).contains("scram-sha-512", "lambda", "truststore.p12").doesNotContain("s3cret", "changeit");
    }
}
