package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsCredentialSettingsTest {
    @Test
    void testDefaults() {
        AwsCredentialSettings credentials = Settings.read(Map.of(), AwsCredentialSettings::from);

        assertThat(credentials).isEqualTo(AwsCredentialSettings.DEFAULT_CHAIN);
        assertThat(credentials.hasKeys()).isFalse();
    }

    @Test
    void testExplicitPropertyMappings() {
        assertThat(Settings.read(Map.of(
                "AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLE"), AwsCredentialSettings::from)).isEqualTo(new AwsCredentialSettings(
                Optional.of("ASIAEXAMPLE"), Optional.of(new Secret("wJalrXUtnFEMI")), Optional.of(new Secret("FwoGZXIvYXdzEXAMPLE"))));
    }

    @Test
    void keysWithoutTokenShouldBeLongLivedKeys() {
        assertThat(Settings.read(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI"), AwsCredentialSettings::from))
                .isEqualTo(AwsCredentialSettings.keys("AKIAEXAMPLE", new Secret("wJalrXUtnFEMI")));
    }
}
