package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class SecretTest {
    private record Credentials(String user, Secret password) {
    }

    @Test
    void shouldHideValueInToString() {
        Secret secret = new Secret("s3cr3t");

        assertThat(secret.toString()).isEqualTo("[hidden]");
        assertThat(String.format("%s", secret)).isEqualTo("[hidden]");
        assertThat(secret.reveal()).isEqualTo("s3cr3t");
    }

    @Test
    void shouldNotPrintSecretOfRecordHoldingIt() {
        Credentials credentials = new Credentials("pipeline", new Secret("s3cr3t"));

        assertThat(credentials.toString()).isEqualTo("Credentials[user=pipeline, password=[hidden]]");
    }

    @Test
    void shouldCompareByValue() {
        assertThat(new Secret("a")).isEqualTo(new Secret("a")).hasSameHashCodeAs(new Secret("a"));
        assertThat(new Secret("a")).isNotEqualTo(new Secret("b"));
        assertThat(new Secret("a")).isNotEqualTo("a");
    }

    @Test
    void shouldKnowWhenEmpty() {
        assertThat(new Secret("").isEmpty()).isTrue();
        assertThat(new Secret(" ").isEmpty()).isFalse();
    }

    @Test
    void shouldRejectNull() {
        assertThatNullPointerException().isThrownBy(() -> new Secret(null)).withMessage("value is null");
    }
}
