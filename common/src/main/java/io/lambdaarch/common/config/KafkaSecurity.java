package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Kafka client settings that authenticate and encrypt, built from the typed {@code LAMBDA_KAFKA_SECURITY*} settings
 * (declared in {@link KafkaSettings}) so that a deployment needs no hand-written JAAS line. They are the layer
 * {@code KafkaClientFactory} puts between a module's defaults and the client properties file, so the file can still
 * add to them or replace one (an {@code awsRoleArn} in MSK's JAAS line, for example).
 *
 * <p>The MSK IAM settings are the ones Amazon MSK's documentation prescribes for IAM access control; the login module
 * and callback handler ship in every jar that talks to Kafka ({@code software.amazon.msk:aws-msk-iam-auth}).
 *
 * @param truststore the TLS truststore with the brokers' CA; empty uses the JVM's default CAs (enough for MSK, whose
 *     certificates chain to Amazon's public CAs). On Spark executors a relative path resolves in the container's
 *     working directory, where {@code spark-submit --files} puts the file
 */
public record KafkaSecurity(
        KafkaSecurityMode mode,
        Optional<String> username,
        Optional<Secret> password,
        Optional<Path> truststore,
        Optional<Secret> truststorePassword) {
    public static final KafkaSecurity PLAINTEXT = new KafkaSecurity(KafkaSecurityMode.PLAINTEXT, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** MSK's IAM login module, SASL mechanism and callback handler (aws-msk-iam-auth). */
    public static final String MSK_IAM_MECHANISM = "AWS_MSK_IAM";
    public static final String MSK_IAM_LOGIN_MODULE = "software.amazon.msk.auth.iam.IAMLoginModule";
    public static final String MSK_IAM_CALLBACK_HANDLER = "software.amazon.msk.auth.iam.IAMClientCallbackHandler";
    private static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    public KafkaSecurity {
        requireNonNull(mode, "mode is null");
        requireNonNull(username, "username is null");
        requireNonNull(password, "password is null");
        requireNonNull(truststore, "truststore is null");
        requireNonNull(truststorePassword, "truststorePassword is null");
        if ((mode == KafkaSecurityMode.SCRAM_SHA_512) != (username.isPresent() && password.isPresent())
                || username.isPresent() != password.isPresent()) {
            throw new IllegalArgumentException("a user name and password come with " + KafkaSecurityMode.SCRAM_SHA_512.externalName() + " only, and always");
        }
        if (mode == KafkaSecurityMode.PLAINTEXT && truststore.isPresent() || truststorePassword.isPresent() && truststore.isEmpty()) {
            throw new IllegalArgumentException("a truststore needs TLS, and its password needs the truststore");
        }
    }

    /** SASL_SSL with SCRAM-SHA-512 as {@code username}. */
    public static KafkaSecurity scram(String username, Secret password, Optional<Path> truststore, Optional<Secret> truststorePassword) {
        return new KafkaSecurity(KafkaSecurityMode.SCRAM_SHA_512, Optional.of(username), Optional.of(password), truststore, truststorePassword);
    }

    /** SASL_SSL with MSK's IAM access control. */
    public static KafkaSecurity mskIam(Optional<Path> truststore, Optional<Secret> truststorePassword) {
        return new KafkaSecurity(KafkaSecurityMode.MSK_IAM, Optional.empty(), Optional.empty(), truststore, truststorePassword);
    }

    /** The Kafka client properties of this security mode; values can be credentials, never log them. */
    public Map<String, String> clientProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        switch (mode) {
            case PLAINTEXT -> {
                return Map.of();
            }
            case SCRAM_SHA_512 -> {
                properties.put("security.protocol", "SASL_SSL");
                properties.put("sasl.mechanism", "SCRAM-SHA-512");
                properties.put("sasl.jaas.config", SCRAM_LOGIN_MODULE + " required username=" + jaasQuoted(username.orElseThrow())
                        + " password=" + jaasQuoted(password.orElseThrow().reveal()) + ";");
            }
            case MSK_IAM -> {
                properties.put("security.protocol", "SASL_SSL");
                properties.put("sasl.mechanism", MSK_IAM_MECHANISM);
                properties.put("sasl.jaas.config", MSK_IAM_LOGIN_MODULE + " required;");
                properties.put("sasl.client.callback.handler.class", MSK_IAM_CALLBACK_HANDLER);
            }
        }
        truststore.ifPresent(path -> properties.put("ssl.truststore.location", path.toString()));
        truststorePassword.ifPresent(secret -> properties.put("ssl.truststore.password", secret.reveal()));
        return properties;
    }

    /** A JAAS option value: double-quoted, with backslashes and quotes escaped, so any password survives. */
    private static String jaasQuoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** Names the mode, the user and the truststore; never the passwords. */
    @Override
    public String toString() {
        return "KafkaSecurity[mode=" + mode.externalName() + ", username=" + username.orElse("") + ", truststore="
                + truststore.map(Path::toString).orElse("") + "]";
    }
}
