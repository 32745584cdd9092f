package io.lambdaarch.ingestion.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class XBackoffTest {
    private final XBackoff backoff = new XBackoff();

    @Test
    void shouldBackOffLinearlyOnNetworkErrorsUpTo16Seconds() {
        assertThat(backoff.afterNetworkError()).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.afterNetworkError()).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.afterNetworkError()).isEqualTo(Duration.ofMillis(750));
        for (int i = 0; i < 100; i++) {
            backoff.afterNetworkError();
        }
        assertThat(backoff.afterNetworkError()).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void shouldBackOffExponentiallyOnHttpErrorsFrom5SecondsUpTo320() {
        assertThat(backoff.afterHttpError()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.afterHttpError()).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.afterHttpError()).isEqualTo(Duration.ofSeconds(20));
        for (int i = 0; i < 100; i++) {
            backoff.afterHttpError();
        }
        assertThat(backoff.afterHttpError()).isEqualTo(Duration.ofSeconds(320));
    }

    @Test
    void shouldBackOffExponentiallyOnRateLimitsFromOneMinute() {
        assertThat(backoff.afterRateLimit()).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.afterRateLimit()).isEqualTo(Duration.ofMinutes(2));
        assertThat(backoff.afterRateLimit()).isEqualTo(Duration.ofMinutes(4));
        for (int i = 0; i < 100; i++) {
            backoff.afterRateLimit();
        }
        assertThat(backoff.afterRateLimit()).isEqualTo(Duration.ofMinutes(16));
    }

    @Test
    void shouldReconnectAtOnceAfterAnEstablishedConnectionDrops() {
        backoff.afterNetworkError();
        backoff.afterNetworkError();
        assertThat(backoff.afterDisconnect(true)).isZero();
        assertThat(backoff.afterNetworkError()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void shouldTreatAConnectionThatDropsAtOnceAsANetworkError() {
        assertThat(backoff.afterDisconnect(false)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.afterDisconnect(false)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void shouldStartHttpBackOffOverOnceConnected() {
        backoff.afterHttpError();
        backoff.afterRateLimit();
        backoff.connected();
        assertThat(backoff.afterHttpError()).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.afterRateLimit()).isEqualTo(Duration.ofMinutes(1));
    }
}
