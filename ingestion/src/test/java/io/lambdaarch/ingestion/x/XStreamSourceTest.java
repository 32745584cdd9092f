package io.lambdaarch.ingestion.x;

import static io.lambdaarch.ingestion.x.FakeXServer.Ending.SILENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.config.Secret;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.ingestion.FakeTime;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream source against a local server, without Kafka: hand-over, keep-alives, system messages, fatal errors. */
class XStreamSourceTest {
    private final FakeTime time = new FakeTime(Instant.parse("2026-11-26T09:00:00Z"));

    @Test
    void shouldHandOverPostsAndSystemMessagesButNotKeepAlives() throws Exception {
        try (FakeXServer server = new FakeXServer();
                XStreamSource source = source(server)) {
            server.then(FakeXServer.stream(SILENT, "{\"data\":{\"id\":\"1\"}}", "", "{\"errors\":[{\"title\":\"operational-disconnect\"}]}",
                    "", "not json"));

            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (lines.size() < 3 && System.nanoTime() < deadline) {
                SourceRecord record = source.poll(Duration.ofMillis(200));
                if (record != null) {
                    lines.add(new String(record.raw(), StandardCharsets.UTF_8));
                    assertThat(record.origin()).startsWith("x-stream#1:");
                }
            }

            // The ingestor skips and counts the system message (IngestorTest), the same way a replay of the stream does.
            assertThat(lines).containsExactly("{\"data\":{\"id\":\"1\"}}", "{\"errors\":[{\"title\":\"operational-disconnect\"}]}",
                    "not json");
            assertThat(source.poll(Duration.ofMillis(300))).isNull();
            assertThat(time.sleeps()).isEmpty();
        }
    }

    @Test
    void shouldGiveUpWithOneLineWhenXRefusesTheToken() throws Exception {
        try (FakeXServer server = new FakeXServer();
                XStreamSource source = source(server)) {
            server.then(FakeXServer.status(401, "Unauthorized"));

            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
                while (System.nanoTime() < deadline) {
                    source.poll(Duration.ofMillis(200));
                }
            }).isInstanceOf(TerseException.class)
                    .hasMessageContaining("HTTP 401: Unauthorized")
                    .hasMessageContaining("not retried");
            assertThat(server.connections()).isEqualTo(1);
            assertThat(time.sleeps()).isEmpty();
        }
    }

    private XStreamSource source(FakeXServer server) {
        return new XStreamSource(new XApiClient(XApiClient.defaultHttpClient(), server.baseUrl(), new Secret("t")), time.clock(), time,
                Duration.ofSeconds(20), 1024);
    }
}
