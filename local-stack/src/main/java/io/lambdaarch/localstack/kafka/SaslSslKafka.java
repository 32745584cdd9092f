package io.lambdaarch.localstack.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.config.KafkaSecurityMode;
import io.lambdaarch.common.config.KafkaSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A broker as production runs it, for the tests of every Kafka client: TLS with a certificate the clients verify, and
 * SASL/SCRAM-SHA-512 with a user made through the Admin API. {@link #clientSettings()} are the {@code LAMBDA_KAFKA_*}
 * settings a service is given to reach it; the plaintext listener of {@link #kafka()} is for the test's own setup.
 */
public final class SaslSslKafka implements AutoCloseable {
    /** The SCRAM user every pipeline client authenticates as. */
    public static final String USER = "lambda-pipeline";
    private static final String HOST = "127.0.0.1";

    private final EmbeddedKafka kafka;
    private final BrokerTls tls;
    private final String password;

    private SaslSslKafka(EmbeddedKafka kafka, BrokerTls tls, String password) {
        this.kafka = requireNonNull(kafka, "kafka is null");
        this.tls = requireNonNull(tls, "tls is null");
        this.password = requireNonNull(password, "password is null");
    }

    /** Generates the TLS stores and starts the broker in {@code directory}, on free ports, with the user created. */
    public static SaslSslKafka start(Path directory) {
        BrokerTls tls = BrokerTls.generate(directory.resolve("tls"), HOST);
        EmbeddedKafka kafka = EmbeddedKafka.start(directory.resolve("kafka"), HOST, freePort(), freePort(),
                Optional.of(new EmbeddedKafka.SaslSslListener(freePort(), tls)));
        // Quotes and a backslash: the password must survive the JAAS line the clients build from the settings.
        String password = "scram \"secret\" \\ " + tls.password();
        try {
            kafka.upsertScramUser(USER, password);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return new SaslSslKafka(kafka, tls, password);
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    public BrokerTls tls() {
        return tls;
    }

    /** The settings that reach the SASL_SSL listener as {@link #USER}, with the truststore that verifies the broker. */
    public Map<String, String> clientSettings() {
        return clientSettings(password);
    }

    /** As {@link #clientSettings()} with another password (a wrong one must be refused). */
    public Map<String, String> clientSettings(String userPassword) {
        return Map.of(
                KafkaSettings.BOOTSTRAP.name(), kafka.saslSslBootstrapServers(),
                KafkaSettings.SECURITY.name(), KafkaSecurityMode.SCRAM_SHA_512.externalName(),
                KafkaSettings.SASL_USERNAME.name(), USER,
                KafkaSettings.SASL_PASSWORD.name(), userPassword,
                KafkaSettings.TRUSTSTORE.name(), tls.truststore().toAbsolutePath().toString(),
                KafkaSettings.TRUSTSTORE_PASSWORD.name(), tls.password());
    }

    /** The event topic (LogAppendTime, as the pipeline requires) and its DLQ topic. */
    public void createPipelineTopics(String topic, String dlqTopic, int partitions) {
        kafka.createTopic(topic, partitions, Map.of("message.timestamp.type", "LogAppendTime"));
        kafka.createTopic(dlqTopic, partitions, Map.of());
    }

    @Override
    public void close() {
        kafka.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
