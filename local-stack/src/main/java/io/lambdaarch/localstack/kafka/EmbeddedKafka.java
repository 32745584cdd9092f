package io.lambdaarch.localstack.kafka;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.TerseException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker in KRaft mode (combined broker and controller, one node) inside this JVM. The log directory
 * is formatted once; starting again on the same directory keeps every topic and record.
 *
 * <p>{@code KafkaRaftServer} and {@code Formatter} are Kafka internals: the Kafka version is pinned in the parent POM.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path logDir;
    private final String host;
    private final int port;
    private final int controllerPort;
    private final Optional<SaslSslListener> saslSsl;
    private KafkaRaftServer server;

    /**
     * A second listener that takes TLS and SASL/SCRAM-SHA-512, as MSK's SASL/SCRAM and most managed brokers do; the
     * plaintext listener stays for the tests' own setup (topics, users, counting records).
     *
     * @param port where the listener binds
     * @param tls the broker's keystore (and the clients' truststore)
     */
    public record SaslSslListener(int port, BrokerTls tls) {
        public SaslSslListener {
            requireNonNull(tls, "tls is null");
        }
    }

    private EmbeddedKafka(Path logDir, String host, int port, int controllerPort, Optional<SaslSslListener> saslSsl) {
        this.logDir = requireNonNull(logDir, "logDir is null");
        this.host = requireNonNull(host, "host is null");
        this.port = port;
        this.controllerPort = controllerPort;
        this.saslSsl = requireNonNull(saslSsl, "saslSsl is null");
    }

    /** Formats {@code logDir} if it is new, starts the broker and waits until it answers. */
    public static EmbeddedKafka start(Path logDir, String host, int port, int controllerPort) {
        return start(logDir, host, port, controllerPort, Optional.empty());
    }

    /** As {@link #start(Path, String, int, int)}, with a SASL_SSL listener (SCRAM-SHA-512) besides the plaintext one. */
    public static EmbeddedKafka start(Path logDir, String host, int port, int controllerPort, Optional<SaslSslListener> saslSsl) {
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, host, port, controllerPort, saslSsl);
        kafka.startServer();
        return kafka;
    }

    /** host:port of the SASL_SSL listener. */
    public String saslSslBootstrapServers() {
        return host + ":" + saslSsl.orElseThrow(() -> new IllegalStateException("this broker has no SASL_SSL listener")).port();
    }

    /** Creates (or replaces) a SCRAM-SHA-512 user, as an operator does with kafka-configs or the Admin API. */
    public void upsertScramUser(String user, String password) {
        try (Admin admin = admin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating SCRAM user " + user, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create SCRAM user " + user + ": " + e.getMessage(), e);
        }
    }

    public String bootstrapServers() {
        return host + ":" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDir() {
        return logDir;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000"));
    }

    /** Creates the topic unless it exists; {@code configs} are topic-level settings. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + name, e);
        }
    }

    /** Deletes the topics and waits until the broker no longer lists them. */
    public void deleteTopics(Collection<String> names) {
        try (Admin admin = admin()) {
            admin.deleteTopics(names).all().get(30, TimeUnit.SECONDS);
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)) {
                Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                if (names.stream().noneMatch(existing::contains)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("Topics " + names + " still listed 30 s after deletion");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while deleting topics " + names, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot delete topics " + names, e);
        }
    }

    /** Stops the broker (clients see it go away), keeping its data; {@link #startAgain()} brings it back. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again on the same ports and data, after {@link #stop()}. */
    public synchronized void startAgain() {
        if (server == null) {
            startServer();
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized void startServer() {
        Properties props = brokerProperties();
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        formatIfNew(config);
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            started.shutdown();
            throw new TerseException("Kafka broker did not start on " + bootstrapServers() + ": " + e.getMessage(), e);
        }
        server = started;
        awaitReady();
        LOG.info("Kafka broker ready at {} (data in {})", bootstrapServers(), logDir);
    }

    private Properties brokerProperties() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort
                + saslSsl.map(listener -> ",SASL_SSL://" + host + ":" + listener.port()).orElse(""));
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port
                + saslSsl.map(listener -> ",SASL_SSL://" + host + ":" + listener.port()).orElse(""));
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL");
        saslSsl.ifPresent(listener -> {
            props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
            props.put("listener.name.sasl_ssl.ssl.keystore.location", listener.tls().keystore().toAbsolutePath().toString());
            props.put("listener.name.sasl_ssl.ssl.keystore.password", listener.tls().password());
            props.put("listener.name.sasl_ssl.ssl.key.password", listener.tls().password());
        });
        props.put("log.dirs", logDir.toAbsolutePath().toString());
        props.put("auto.create.topics.enable", "false");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "3");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Without this the first consumer group join waits 3 s for more members that never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.retention.hours", "168");
        return props;
    }

    private void formatIfNew(KafkaConfig config) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(config.nodeId())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toAbsolutePath().toString())
                    .setDirectories(List.of(logDir.toAbsolutePath().toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log directory " + logDir, e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new TerseException("Kafka broker at " + bootstrapServers() + " not ready after " + READY_TIMEOUT.toSeconds() + " s");
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }
}
