package io.lambdaarch.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.serving.config.ServingConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A warehouse that cannot be reached: one line at start, 503s (not crashes, not stack traces) while running. */
class WarehouseUnavailableIT {
    private static ServingConfig config;

    @BeforeAll
    static void setUp() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        config = ServingConfig.from(ConfigSource.of(Map.of(
                "LAMBDA_WAREHOUSE_URL", "jdbc:postgresql://127.0.0.1:" + closedPort + "/lambda",
                ServingConfig.PORT.name(), "0")));
    }

    @Test
    void startShouldFailWithOneLineNamingTheWarehouse() {
        assertThatThrownBy(() -> ServingApplication.start(config, Clock.systemUTC()))
                .isInstanceOf(TerseException.class)
                .hasMessageStartingWith("Cannot connect to the warehouse at " + config.warehouse().jdbcUrl())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void requestsShouldGet503WhenTheWarehouseGoesAway() {
        try (ServingApplication application = ServingApplication.serve(config, Clock.systemUTC())) {
            ApiClient api = new ApiClient(application.baseUri());

            ApiClient.Response totals = api.get("api/totals");
            assertThat(totals.status()).isEqualTo(503);
            JsonNode error = totals.json().get("error");
            assertThat(error.get("code").asText()).isEqualTo("WAREHOUSE_UNAVAILABLE");
            assertThat(totals.body()).doesNotContain("Exception", "jdbc:", "at com.");
            assertThat(api.get("health").status()).isEqualTo(503);
            // HEAD tells the warehouse's real state too
            assertThat(api.exchange("HEAD", "/health", Map.of()).status()).isEqualTo(503);
            // bad parameters are still answered: they never need the warehouse
            assertThat(api.getRaw("api/totals?from=never").status()).isEqualTo(400);
        }
    }
}
