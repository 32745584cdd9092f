package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3SettingsTest {
    private static final String KEYS_TOGETHER = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together "
            + "(or both left to the AWS credential chain)";

    @Test
    void testDefaults() {
        assertThat(Settings.read(Map.of("LAMBDA_S3_BUCKET", "lambda-archive"), S3Settings::from)).isEqualTo(
                new S3Settings(Optional.empty(), "lambda-archive", Optional.empty(), false,
                        AwsCredentialSettings.DEFAULT_CHAIN));
    }

    @Test
    void testExplicitPropertyMappings() {
        S3Settings settings = Settings.read(Map.of(
                "LAMBDA_S3_ENDPOINT", "http://localhost:9000",
                "LAMBDA_S3_BUCKET", "lambda-archive",
                "LAMBDA_S3_PATH_STYLE", "false",
                "AWS_REGION", "eu-central-1",
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"), S3Settings::from);

        assertThat(settings).isEqualTo(new S3Settings(Optional.of(URI.create("http://localhost:9000")),
                "lambda-archive", Optional.of("eu-central-1"), false, new AwsCredentialSettings(Optional.of("AKIAEXAMPLE"),
                        Optional.of(new Secret("wJalrXUtnFEMI")), Optional.of(new Secret("FwoGZXIvYXdzEXAMPLE")))));
    }

    @Test
    void shouldDefaultToPathStyleWithCustomEndpoint() {
        S3Settings settings = Settings.read(Map.of(
                "LAMBDA_S3_ENDPOINT", "http://localhost:9000",
                "LAMBDA_S3_BUCKET", "lambda-archive"), S3Settings::from);

        assertThat(settings.pathStyleAccess()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abc", "lambda-archive", "my.bucket-1", "0123456789",
        "a23456789012345678901234567890123456789012345678901234567890123"})
    void shouldAcceptBucketNames(String bucket) {
        assertThat(Settings.read(Map.of("LAMBDA_S3_BUCKET", bucket), S3Settings::from).bucket()).isEqualTo(bucket);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ab", "a234567890123456789012345678901234567890123456789012345678901234", "-abc", "abc-",
        ".abc", "Lambda", "lambda_archive", "s3://lambda-archive", "lambda archive"})
    void shouldRejectInvalidBucketNames(String bucket) {
        assertThat(Settings.problems(Map.of("LAMBDA_S3_BUCKET", bucket), S3Settings::from)).containsExactly(
                "Invalid value " + bucket + " for LAMBDA_S3_BUCKET (from given): "
                        + "expected an S3 bucket name (3-63 characters: lower-case letters, digits, dots, hyphens)");
    }

    @Test
    void shouldRequireBucket() {
        assertThat(Settings.problems(Map.of(), S3Settings::from))
                .containsExactly("Missing LAMBDA_S3_BUCKET: expected an S3 bucket name");
    }

    @Test
    void shouldReportEveryBadValueInOneException() {
        assertThat(Settings.problems(Map.of(
                "LAMBDA_S3_ENDPOINT", "ftp://localhost",
                "LAMBDA_S3_BUCKET", "Lambda_Archive",
                "LAMBDA_S3_PATH_STYLE", "sometimes",
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"), S3Settings::from)).containsExactly(
                "Invalid value ftp://localhost for LAMBDA_S3_ENDPOINT (from given): "
                        + "expected an absolute URI with scheme http or https",
                "Invalid value Lambda_Archive for LAMBDA_S3_BUCKET (from given): "
                        + "expected an S3 bucket name (3-63 characters: lower-case letters, digits, dots, hyphens)",
                "Invalid value sometimes for LAMBDA_S3_PATH_STYLE (from given): expected true or false",
                KEYS_TOGETHER);
    }

    @Test
    void shouldRequireKeyIdWithSecretKeyToo() {
        assertThat(Settings.problems(Map.of(
                "LAMBDA_S3_BUCKET", "lambda-archive",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"), S3Settings::from)).containsExactly(KEYS_TOGETHER);
    }

    @Test
    void shouldNotPrintSecretAccessKey() {
        S3Settings settings = Settings.read(Map.of(
                "LAMBDA_S3_BUCKET", "lambda-archive",
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"), S3Settings::from);

        assertThat(settings.toString()).doesNotContain("wJalrXUtnFEMI").contains("secretAccessKey=Optional[[hidden]]");
    }

    @Test
    void shouldNotPrintSessionToken() {
        S3Settings settings = Settings.read(Map.of(
                "LAMBDA_S3_BUCKET", "lambda-archive",
                "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"), S3Settings::from);

        assertThat(settings.toString()).doesNotContain("FwoGZXIvYXdzEXAMPLE").contains("sessionToken=Optional[[hidden]]");
    }

    @Test
    void shouldRefuseSessionTokenWithoutKeys() {
        assertThat(Settings.problems(Map.of(
                "LAMBDA_S3_BUCKET", "lambda-archive",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"), S3Settings::from)).containsExactly(
                "AWS_SESSION_TOKEN is set without AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: a session token belongs"
                        + " to the temporary keys it was issued with");
    }
}
