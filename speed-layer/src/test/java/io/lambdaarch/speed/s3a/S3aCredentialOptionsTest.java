package io.lambdaarch.speed.s3a;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.AwsCredentialSettings;
import io.lambdaarch.common.config.Secret;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class S3aCredentialOptionsTest {
    private static final AwsCredentialSettings TEMPORARY = new AwsCredentialSettings(Optional.of("ASIATEMPORARY"),
            Optional.of(new Secret("temporary-secret")), Optional.of(new Secret("session-token")));

    @Test
    void temporaryKeysShouldCarryTheirSessionToken() {
        assertThat(S3aCredentialOptions.of(TEMPORARY, "3.4.1")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider",
                "fs.s3a.access.key", "ASIATEMPORARY",
                "fs.s3a.secret.key", "temporary-secret",
                "fs.s3a.session.token", "session-token"));
    }

    @Test
    void longLivedKeysShouldUseTheSimpleProvider() {
        assertThat(S3aCredentialOptions.of(AwsCredentialSettings.keys("AKIALONGLIVED", new Secret("secret")), "3.3.4"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
                        "fs.s3a.access.key", "AKIALONGLIVED",
                        "fs.s3a.secret.key", "secret"));
    }

    @Test
    void withoutKeysTheSdkDefaultChainOfTheHadoopLineShouldApply() {
        assertThat(S3aCredentialOptions.of(AwsCredentialSettings.DEFAULT_CHAIN, "3.4.1"))
                .containsExactlyEntriesOf(Map.of("fs.s3a.aws.credentials.provider", "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider"));
        assertThat(S3aCredentialOptions.of(AwsCredentialSettings.DEFAULT_CHAIN, "3.3.6-amzn-3"))
                .containsExactlyEntriesOf(Map.of("fs.s3a.aws.credentials.provider", "com.amazonaws.auth.DefaultAWSCredentialsProviderChain"));
    }

    @Test
    void shouldGiveSparkTheEntriesForItsHadoop() {
        assertThat(S3aCredentialOptions.sparkConf(TEMPORARY, new SparkConf(false), S3aCredentialOptions.runtimeHadoopVersion()))
                .containsEntry("spark.hadoop.fs.s3a.session.token", "session-token")
                .containsEntry("spark.hadoop.fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider");
    }

    @Test
    void shouldLeaveAProviderTheUserChoseAlone() {
        SparkConf userConf = new SparkConf(false).set("spark.hadoop.fs.s3a.aws.credentials.provider", "com.example.Provider");

        assertThat(S3aCredentialOptions.sparkConf(TEMPORARY, userConf, "3.4.1")).isEmpty();
    }

    @Test
    void shouldReadTheHadoopVersionSparkRunsOn() {
        assertThat(S3aCredentialOptions.runtimeHadoopVersion()).matches("3\\.\\d+\\.\\d+.*");
    }
}
