package io.lambdaarch.common.config;

import java.util.Locale;

/** How every Kafka client of the pipeline authenticates to the brokers ({@code LAMBDA_KAFKA_SECURITY}). */
public enum KafkaSecurityMode {
    /** No TLS, no authentication: the local stack and compose. */
    PLAINTEXT,
    /** TLS and SASL/SCRAM-SHA-512 with a user name and password (MSK's SASL/SCRAM, Confluent Platform, Strimzi). */
    SCRAM_SHA_512,
    /** TLS and Amazon MSK's IAM access control, signed with the AWS SDK's default credential chain. */
    MSK_IAM;

    /** The setting's value: {@code plaintext}, {@code scram-sha-512}, {@code msk-iam}. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
