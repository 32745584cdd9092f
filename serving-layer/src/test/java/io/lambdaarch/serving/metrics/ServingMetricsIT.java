package io.lambdaarch.serving.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.localstack.metrics.MetricsCatalogue;
import io.lambdaarch.localstack.metrics.PrometheusText;
import io.lambdaarch.serving.ApiClient;
import io.lambdaarch.serving.ServingWorkload;
import io.lambdaarch.serving.TestServer;
import io.lambdaarch.serving.cache.CachingQueries;
import io.lambdaarch.serving.config.ServingConfig;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The serving layer's {@code /metrics} on PostgreSQL and Kafka: speed lag, cutoff age and {@code complete} equal what
 * the bookkeeping rows the test wrote imply at the server's fixed clock, the topic and DLQ counts equal what the test
 * produced, requests are timed in histogram buckets; and the dashboard's batch-run history and DLQ rate endpoints.
 */
@ExtendWith(LocalStackExtension.class)
class ServingMetricsIT {
    private static final Instant NOW = Instant.parse("2026-11-26T12:30:00Z");
    private static final Instant CUTOFF = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant MAX_INGEST = NOW.minusSeconds(42);
    private static final int TOPIC_RECORDS = 25;
    private static final int DLQ_RECORDS = 9;
    private static StackSandbox sandbox;
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void setUp(LocalStack stack) throws Exception {
        sandbox = stack.sandbox("serving_metrics");
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.insertRun(connection, "run-1", CUTOFF.minus(Duration.ofHours(1)), NOW.minusSeconds(3600), "succeeded");
            ServingWorkload.insertRun(connection, "run-2", CUTOFF, NOW.minusSeconds(300), "succeeded");
            try (PreparedStatement rows = connection.prepareStatement(
                    "UPDATE batch_runs SET rows_in = 1234, rows_out = 56, duration_ms = 789 WHERE run_id = 'run-2'")) {
                rows.executeUpdate();
            }
            ServingWorkload.insertCommit(connection, 3, NOW.minusSeconds(10), CUTOFF.minus(Duration.ofHours(2)), MAX_INGEST);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < TOPIC_RECORDS; i++) {
                producer.send(new ProducerRecord<>(sandbox.topic(), "id-" + i, "{}")).get();
            }
            for (int i = 0; i < DLQ_RECORDS; i++) {
                producer.send(new ProducerRecord<>(sandbox.dlqTopic(), null, "not json " + i)).get();
            }
        }
        server = TestServer.start(sandbox, NOW, Map.of(ServingConfig.LAG_REFRESH.name(), "200ms"));
        api = server.api();
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    @Test
    void shouldExposeFreshnessAsGaugesEqualToTheBookkeeping() throws Exception {
        PrometheusText metrics = scrape();
        JsonNode freshness = api.get("api/freshness").json().get("freshness");

        assertThat(metrics.value("lambda_serving_speed_lag_seconds")).contains(42.0);
        assertThat(metrics.value("lambda_serving_batch_cutoff_age_seconds"))
                .contains((double) Duration.between(CUTOFF, NOW).toSeconds());
        assertThat(metrics.value("lambda_serving_batch_cutoff_timestamp_seconds")).contains(CUTOFF.getEpochSecond() + 0.0);
        assertThat(metrics.value("lambda_serving_speed_last_commit_age_seconds")).contains(10.0);
        assertThat(freshness.get("complete").asBoolean()).isTrue();
        assertThat(metrics.value("lambda_serving_complete")).contains(1.0);
        assertThat(metrics.value("lambda_serving_freshness_up")).contains(1.0);
    }

    @Test
    void shouldCountTheTopicAndTheDlqFromKafka() {
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            PrometheusText metrics = scrape();
            assertThat(metrics.value("lambda_kafka_topic_records_total", Map.of("topic", sandbox.topic())))
                    .contains((double) TOPIC_RECORDS);
            assertThat(metrics.value("lambda_kafka_topic_records_total", Map.of("topic", sandbox.dlqTopic())))
                    .contains((double) DLQ_RECORDS);
        });
        JsonNode dlq = api.get("api/dlq").json();
        assertThat(dlq.get("topic").asText()).isEqualTo(sandbox.dlqTopic());
        assertThat(dlq.get("total").asLong()).isEqualTo(DLQ_RECORDS);
        assertThat(dlq.get("points")).isNotEmpty().allSatisfy(point -> assertThat(point.get("total").asLong()).isEqualTo(DLQ_RECORDS));
    }

    @Test
    void shouldTimeRequestsInHistogramBuckets() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("api/totals").status()).isEqualTo(200);
        }
        PrometheusText metrics = scrape();
        Map<String, String> totals = Map.of("route", "/api/totals", "method", "GET", "status", "200");

        assertThat(metrics.value("http_server_requests_seconds_count", totals).orElseThrow()).isGreaterThanOrEqualTo(3);
        assertThat(MetricsCatalogue.read().missingFrom("serving", metrics)).as("docs/operations.md series not exported")
                .isEmpty();
        assertThat(metrics.value("http_server_requests_seconds_bucket",
                Map.of("route", "/api/totals", "status", "200", "le", "+Inf")).orElseThrow())
                .isEqualTo(metrics.value("http_server_requests_seconds_count", totals).orElseThrow());
    }

    @Test
    void shouldCountCacheHitsAndMissesAndTimeTheWarehouseQueriesByGrain() throws Exception {
        Map<String, String> responses = Map.of("cache", CachingQueries.CACHE_NAME);
        PrometheusText before = scrape();
        Map<String, String> range = Map.of("from", "2026-11-01T00:00:00Z", "to", "2026-11-02T00:00:00Z",
                "location", "Lagos", "granularity", "day");
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("api/timeseries", range).status()).isEqualTo(200);
        }
        PrometheusText after = scrape();

        assertThat(counter(after, "cache_gets_total", "miss") - counter(before, "cache_gets_total", "miss")).isEqualTo(1);
        assertThat(counter(after, "cache_gets_total", "hit") - counter(before, "cache_gets_total", "hit")).isEqualTo(2);
        assertThat(after.value("cache_evictions_total", responses)).isPresent();
        // Only the miss reached the warehouse.
        assertThat(after.value("lambda_serving_query_seconds_count", Map.of("query", "timeseries", "grain", "day")))
                .contains(1.0);
    }

    @Test
    void shouldEvictToStayWithinTheConfiguredRows() throws Exception {
        try (TestServer small = TestServer.start(sandbox, NOW, Map.of(ServingConfig.CACHE_ROWS.name(), "2"))) {
            for (int day = 1; day <= 6; day++) {
                String from = String.format("2026-11-%02dT00:00:00Z", day);
                assertThat(small.api().get("api/totals", Map.of("from", from)).status()).isEqualTo(200);
            }
            URI metrics = small.application().baseUri().resolve("metrics");
            // Caffeine evicts in its maintenance, just after the writes.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(PrometheusText.scrape(metrics)
                    .value("cache_evictions_total", Map.of("cache", CachingQueries.CACHE_NAME)).orElseThrow())
                    .isGreaterThanOrEqualTo(4));
        }
    }

    private static double counter(PrometheusText metrics, String name, String result) {
        return metrics.value(name, Map.of("cache", CachingQueries.CACHE_NAME, "result", result)).orElse(0.0);
    }

    @Test
    void shouldListTheBatchRunsNewestFirst() {
        JsonNode body = api.get("api/batch-runs", Map.of("limit", "5")).json();
        List<String> ids = body.get("runs").findValuesAsText("run_id");

        assertThat(ids).containsExactly("run-2", "run-1");
        JsonNode latest = body.get("runs").get(0);
        assertThat(Instant.parse(latest.get("cutoff").asText())).isEqualTo(CUTOFF);
        assertThat(latest.get("rows_in").asLong()).isEqualTo(1234);
        assertThat(latest.get("rows_out").asLong()).isEqualTo(56);
        assertThat(latest.get("duration_ms").asLong()).isEqualTo(789);
        assertThat(api.get("api/batch-runs", Map.of("limit", "0")).status()).isEqualTo(400);
    }

    private static PrometheusText scrape() throws Exception {
        return PrometheusText.scrape(server.application().baseUri().resolve("metrics"));
    }
}
