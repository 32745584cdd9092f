package io.lambdaarch.batch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lambdaarch.batch.lock.LockHolder;
import io.lambdaarch.common.ledger.BatchRun;
import io.lambdaarch.common.ledger.BatchRunMode;
import io.lambdaarch.common.ledger.BatchRunStatus;
import io.lambdaarch.common.ledger.LandingRun;
import io.lambdaarch.localstack.metrics.PrometheusText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text of each group and the Pushgateway protocol: a PUT of the text format per group, to
 * {@code /metrics/job/<job>/command/<command>} (https://github.com/prometheus/pushgateway#url). The receiving end
 * here is a plain HTTP server that records requests; BatchMetricsIT covers the textfile path against the stack.
 */
class BatchMetricsPublisherTest {
    private static final Instant STARTED = Instant.parse("2026-11-26T09:00:00Z");
    private static final Instant FINISHED = STARTED.plusMillis(12_500);

    private record Request(String method, String path, String contentType, String body) {
    }

    @Test
    void shouldPutEachGroupOfASuccessfulRunToThePushgateway(@TempDir Path dir) throws Exception {
        List<Request> requests = new CopyOnWriteArrayList<>();
        HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        gateway.start();
        StringWriter out = new StringWriter();
        try {
            URI url = URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/");
            new BatchMetricsPublisher(new BatchMetricsSettings(Optional.of(dir), Optional.of(url)),
                    HttpClient::newHttpClient, new PrintWriter(out, true)).publish(succeededRun("replay-archive"));
        } finally {
            gateway.stop(0);
        }

        assertThat(out.toString()).isEmpty();
        assertThat(requests).extracting(Request::method).containsOnly("PUT");
        assertThat(requests).extracting(Request::path).containsExactly(
                "/metrics/job/lambda_batch/command/replay-archive", "/metrics/job/lambda_batch_success/command/replay-archive");
        assertThat(requests.get(0).contentType()).startsWith("text/plain; version=0.0.4");
        PrometheusText pushed = PrometheusText.parse(requests.get(0).body());
        Map<String, String> command = Map.of("command", "replay-archive");
        assertThat(pushed.value("lambda_batch_run_duration_seconds", command)).contains(12.5);
        assertThat(pushed.value("lambda_batch_run_cutoff_timestamp_seconds", command))
                .contains(Instant.parse("2026-11-26T08:00:00Z").getEpochSecond() + 0.0);
        assertThat(pushed.value("lambda_batch_run_rows_landed", command)).contains(900.0);
        assertThat(PrometheusText.parse(requests.get(1).body()).value("lambda_batch_last_success_timestamp_seconds", command))
                .contains(FINISHED.toEpochMilli() / 1000.0);
        // the same text lands in the textfile directory, under the group's name
        assertThat(Files.readString(dir.resolve("lambda_batch_replay_archive.prom"))).isEqualTo(requests.get(0).body());
        assertThat(Files.readString(dir.resolve("lambda_batch_replay_archive_success.prom"))).isEqualTo(requests.get(1).body());
    }

    @Test
    void shouldWarnInOneLineWhenThePushgatewayIsUnreachableAndNotThrow() throws Exception {
        StringWriter out = new StringWriter();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        new BatchMetricsPublisher(new BatchMetricsSettings(Optional.empty(),
                Optional.of(URI.create("http://127.0.0.1:" + closedPort))), HttpClient::newHttpClient,
                new PrintWriter(out, true)).publish(succeededRun("run"));

        assertThat(out.toString().lines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .startsWith("WARNING: metrics: could not push to http://127.0.0.1:" + closedPort + "/metrics/job/")
                .endsWith("(" + BatchMetricsSettings.PUSHGATEWAY + ")"));
    }

    @Test
    void aFailedRunShouldSayHowItEndedWithoutASuccessGroup() {
        BatchRunReport failed = new BatchRunReport("land", RunOutcome.FAILED, STARTED, FINISHED,
                Optional.of(Duration.ofMillis(40)), Optional.empty(), Optional.empty(), Optional.empty());

        PrometheusText text = PrometheusText.parse(BatchMetricsPublisher.runMetrics(failed));

        assertThat(text.value("lambda_batch_run_outcome", Map.of("command", "land", "outcome", "failed"))).contains(1.0);
        assertThat(text.value("lambda_batch_run_outcome", Map.of("command", "land", "outcome", "succeeded"))).contains(0.0);
        assertThat(text.value("lambda_batch_run_lock_wait_seconds", Map.of("command", "land"))).contains(0.04);
        assertThat(text.has("lambda_batch_run_rows_landed")).isFalse();
        assertThat(text.has("lambda_batch_last_success_timestamp_seconds")).isFalse();
    }

    @Test
    void aLockedOutRunShouldNameTheHolderAndHowLongItHeldTheLock() {
        LockHolder holder = new LockHolder("lambda-batch 20261126-0900-abc from 10.0.0.5",
                Optional.of(FINISHED.minus(Duration.ofHours(4))));
        BatchRunReport locked = new BatchRunReport("run", RunOutcome.LOCK_STALE, STARTED, FINISHED,
                Optional.of(Duration.ofSeconds(30)), Optional.of(holder), Optional.empty(), Optional.empty());

        PrometheusText text = PrometheusText.parse(BatchMetricsPublisher.runMetrics(locked));

        assertThat(text.value("lambda_batch_run_outcome", Map.of("command", "run", "outcome", "lock_stale"))).contains(1.0);
        assertThat(text.value("lambda_batch_lock_held_seconds",
                Map.of("command", "run", "holder", "lambda-batch 20261126-0900-abc from 10.0.0.5"))).contains(14_400.0);
    }

    private static BatchRunReport succeededRun(String command) {
        LandingRun landing = new LandingRun("r1", "tweets", STARTED, STARTED.plusSeconds(5),
                Instant.parse("2026-11-26T08:59:30Z"), 900, 7, 2, 12_345);
        BatchRun recompute = new BatchRun("r1", STARTED.plusSeconds(5), FINISHED, Instant.parse("2026-11-26T08:00:00Z"),
                3600, 5000, 120, 7500, BatchRunStatus.SUCCEEDED, BatchRunMode.FULL);
        return new BatchRunReport(command, RunOutcome.SUCCEEDED, STARTED, FINISHED, Optional.of(Duration.ofMillis(15)),
                Optional.empty(), Optional.of(landing), Optional.of(recompute));
    }
}
