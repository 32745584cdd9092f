package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Where the events live in Kafka and how to reach them. {@code security} is TLS and authentication from the typed
 * {@code LAMBDA_KAFKA_SECURITY*} settings; {@code clientProperties} are extra client settings from the file named by
 * {@code LAMBDA_KAFKA_CLIENT_PROPERTIES}. Both apply to every producer, consumer and admin client and to the speed
 * job's Kafka source, in {@code KafkaClientFactory}'s one precedence.
 */
public record KafkaSettings(String bootstrapServers, String topic, String dlqTopic, Map<String, String> clientProperties,
        KafkaSecurity security) {
    public static final Setting<String> BOOTSTRAP = Setting.define("LAMBDA_KAFKA_BOOTSTRAP",
                    SettingType.matching("[^,\\s:]+:\\d{1,5}(,[^,\\s:]+:\\d{1,5})*", "host:port[,host:port...]"),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .required("host:port[,host:port...] of the Kafka brokers")
            .defaultDescribedAs("(required; optional for `serve`)")
            .doc("Kafka bootstrap servers; the serving layer only uses them to report the speed lag in records");
    public static final Setting<String> TOPIC = Setting.define("LAMBDA_KAFKA_TOPIC", SettingType.string(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue("tweets")
            .doc("the event topic");
    public static final Setting<String> DLQ_TOPIC = Setting.define("LAMBDA_KAFKA_DLQ_TOPIC", SettingType.string(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue("tweets.dlq")
            .doc("where ingestion sends invalid records");
    public static final Setting<Path> CLIENT_PROPERTIES = Setting.define("LAMBDA_KAFKA_CLIENT_PROPERTIES", SettingType.path(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("extra Kafka client settings file (security etc.) for every client: it overrides the pipeline's tuning"
                    + " defaults and `LAMBDA_KAFKA_SECURITY`'s settings but not what a client needs to be correct"
                    + " (idempotence, `acks=all`, committed reads, its timeouts), see `KafkaClientFactory`");
    public static final Setting<KafkaSecurityMode> SECURITY = Setting.define("LAMBDA_KAFKA_SECURITY",
                    SettingType.enumeration(KafkaSecurityMode.class, KafkaSecurityMode::externalName),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultValue(KafkaSecurityMode.PLAINTEXT)
            .doc("how every Kafka client authenticates: `scram-sha-512` is SASL_SSL with `LAMBDA_KAFKA_SASL_USERNAME`"
                    + " and `LAMBDA_KAFKA_SASL_PASSWORD`; `msk-iam` is SASL_SSL with Amazon MSK's IAM access control"
                    + " (aws-msk-iam-auth, the AWS SDK's default credential chain)");
    public static final Setting<String> SASL_USERNAME = Setting.define("LAMBDA_KAFKA_SASL_USERNAME", SettingType.string(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("SCRAM user name (only with `LAMBDA_KAFKA_SECURITY=scram-sha-512`)");
    public static final Setting<Secret> SASL_PASSWORD = Setting.define("LAMBDA_KAFKA_SASL_PASSWORD", SettingType.secret(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("SCRAM password (only with `LAMBDA_KAFKA_SECURITY=scram-sha-512`)");
    public static final Setting<Path> TRUSTSTORE = Setting.define("LAMBDA_KAFKA_TRUSTSTORE", SettingType.path(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .defaultDescribedAs("the JVM's CAs")
            .doc("TLS truststore (PKCS12 or JKS) with the brokers' CA, for `scram-sha-512` and `msk-iam`; for the speed"
                    + " job's executors ship it with `spark-submit --files` and give its file name, a relative path");
    public static final Setting<Secret> TRUSTSTORE_PASSWORD = Setting.define("LAMBDA_KAFKA_TRUSTSTORE_PASSWORD", SettingType.secret(),
                    Service.INGEST, Service.BATCH, Service.SPEED, Service.SERVE)
            .doc("password of `LAMBDA_KAFKA_TRUSTSTORE`");

    public KafkaSettings {
        requireNonNull(bootstrapServers, "bootstrapServers is null");
        requireNonNull(topic, "topic is null");
        requireNonNull(dlqTopic, "dlqTopic is null");
        clientProperties = Map.copyOf(requireNonNull(clientProperties, "clientProperties is null"));
        requireNonNull(security, "security is null");
    }

    /** Plaintext settings (the local stack, tests). */
    public KafkaSettings(String bootstrapServers, String topic, String dlqTopic, Map<String, String> clientProperties) {
        this(bootstrapServers, topic, dlqTopic, clientProperties, KafkaSecurity.PLAINTEXT);
    }

    /** Names the client properties but not their values, which can hold credentials (sasl.jaas.config, ssl.*.password). */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", dlqTopic=" + dlqTopic
                + ", clientProperties=" + new TreeSet<>(clientProperties.keySet()) + ", security=" + security + "]";
    }

    /** Reads the Kafka settings; problems are collected in {@code reader}. */
    public static KafkaSettings from(ConfigReader reader) {
        String bootstrap = reader.get(BOOTSTRAP);
        String topic = reader.get(TOPIC);
        String dlq = reader.get(DLQ_TOPIC);
        reader.check(!topic.equals(dlq), TOPIC + " and " + DLQ_TOPIC + " must differ, both are " + topic);
        Map<String, String> extra = new HashMap<>();
        Optional<Path> file = reader.optional(CLIENT_PROPERTIES);
        if (file.isPresent()) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file.get(), StandardCharsets.UTF_8)) {
                properties.load(in);
                properties.stringPropertyNames().forEach(k -> extra.put(k, properties.getProperty(k)));
            } catch (IOException | IllegalArgumentException e) {
                reader.invalid(CLIENT_PROPERTIES, file.get().toString(), "a readable Kafka client properties file (" + e.getMessage() + ")");
            }
        }
        return new KafkaSettings(bootstrap, topic, dlq, extra, security(reader));
    }

    /** The security settings, each combination that cannot work reported with the settings it involves. */
    private static KafkaSecurity security(ConfigReader reader) {
        KafkaSecurityMode mode = reader.get(SECURITY);
        Optional<String> username = reader.optional(SASL_USERNAME);
        Optional<Secret> password = reader.optional(SASL_PASSWORD);
        Optional<Path> truststore = reader.optional(TRUSTSTORE);
        Optional<Secret> truststorePassword = reader.optional(TRUSTSTORE_PASSWORD);
        boolean scram = mode == KafkaSecurityMode.SCRAM_SHA_512;
        boolean credentialsFit = scram ? username.isPresent() && password.isPresent() : username.isEmpty() && password.isEmpty();
        reader.check(credentialsFit, scram
                ? SECURITY + "=" + mode.externalName() + " needs " + SASL_USERNAME + " and " + SASL_PASSWORD
                : SASL_USERNAME + " and " + SASL_PASSWORD + " apply only with " + SECURITY + "="
                        + KafkaSecurityMode.SCRAM_SHA_512.externalName() + ", not " + mode.externalName());
        boolean truststoreFits = mode != KafkaSecurityMode.PLAINTEXT || truststore.isEmpty();
        reader.check(truststoreFits, TRUSTSTORE + " needs TLS: set " + SECURITY + " to "
                + KafkaSecurityMode.SCRAM_SHA_512.externalName() + " or " + KafkaSecurityMode.MSK_IAM.externalName());
        boolean passwordFits = truststorePassword.isEmpty() || truststore.isPresent();
        reader.check(passwordFits, TRUSTSTORE_PASSWORD + " is set without " + TRUSTSTORE);
        if (!credentialsFit || !truststoreFits || !passwordFits) {
            return KafkaSecurity.PLAINTEXT;
        }
        return switch (mode) {
            case PLAINTEXT -> KafkaSecurity.PLAINTEXT;
            case SCRAM_SHA_512 -> KafkaSecurity.scram(username.orElseThrow(), password.orElseThrow(), truststore, truststorePassword);
            case MSK_IAM -> KafkaSecurity.mskIam(truststore, truststorePassword);
        };
    }
}
