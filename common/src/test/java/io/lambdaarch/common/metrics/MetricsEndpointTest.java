package io.lambdaarch.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.error.TerseException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MetricsEndpointTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldServeAFreshScrapeOnEveryRequest() throws Exception {
        AtomicInteger scrapes = new AtomicInteger();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "LAMBDA_TEST_PORT",
                () -> "demo_total " + scrapes.incrementAndGet() + "\n")) {
            HttpResponse<String> first = get(endpoint, "/metrics");
            HttpResponse<String> second = get(endpoint, "/metrics");

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Content-Type")).contains(MetricsEndpoint.CONTENT_TYPE);
            assertThat(first.body()).isEqualTo("demo_total 1\n");
            assertThat(second.body()).isEqualTo("demo_total 2\n");
        }
    }

    @Test
    void shouldAnswerNotFoundOutsideMetrics() throws Exception {
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, "LAMBDA_TEST_PORT", () -> "")) {
            assertThat(get(endpoint, "/other").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldNameThePortSettingWhenThePortIsTaken() {
        try (MetricsEndpoint first = MetricsEndpoint.start("127.0.0.1", 0, "LAMBDA_TEST_PORT", () -> "")) {
            assertThatThrownBy(() -> MetricsEndpoint.start("127.0.0.1", first.port(), "LAMBDA_TEST_PORT", () -> ""))
                    .isInstanceOf(TerseException.class)
                    .hasMessageContaining("Cannot serve metrics on 127.0.0.1:" + first.port())
                    .hasMessageContaining("LAMBDA_TEST_PORT");
        }
    }

    private HttpResponse<String> get(MetricsEndpoint endpoint, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
