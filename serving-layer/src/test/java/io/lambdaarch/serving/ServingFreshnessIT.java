package io.lambdaarch.serving;

import static io.lambdaarch.serving.ApiClient.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.config.ServingConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Freshness and completeness on PostgreSQL and Kafka: no data gives empty answers, a gap between the batch cutoff and
 * the speed layer's oldest bucket gives {@code complete: false}, the records lag is Kafka's end offsets minus what
 * the speed layer committed, and a failing warehouse query is answered without SQL text.
 */
@ExtendWith(LocalStackExtension.class)
class ServingFreshnessIT {
    private static final Instant CUTOFF = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-26T12:30:00Z");
    private static final List<String> DATA_ENDPOINTS = List.of(
            "api/top-locations", "api/totals", "api/freshness",
            "api/timeseries?location=Lagos&from=2026-11-25T00:00:00Z&to=2026-11-27T00:00:00Z");
    private static StackSandbox sandbox;
    private static TestServer server;
    private static ApiClient api;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("serving_freshness");
        server = TestServer.start(sandbox, NOW, Map.of(ServingConfig.LAG_REFRESH.name(), "200ms"));
        api = server.api();
    }

    @AfterAll
    static void tearDown() {
        TestServer.closeIfStarted(server);
    }

    @BeforeEach
    void clearTables() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.clear(connection);
        }
    }

    private static JsonNode getOk(String pathAndQuery) {
        ApiClient.Response response = api.getRaw(pathAndQuery);
        assertThat(response.status()).as("%s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void noDataShouldGiveEmptyResultsNotErrors() {
        JsonNode top = getOk("api/top-locations?limit=5");
        assertThat(top.get("locations").isArray()).isTrue();
        assertThat(top.get("locations")).isEmpty();

        JsonNode totals = getOk("api/totals").get("totals");
        assertThat(totals.get("tweet_count").asLong()).isZero();
        assertThat(totals.get("followers_sum").asLong()).isZero();
        assertThat(totals.get("locations").asLong()).isZero();

        JsonNode series = getOk("api/timeseries?location=Lagos&from=2026-11-25T00:00:00Z&to=2026-11-27T00:00:00Z");
        assertThat(series.get("points")).isEmpty();

        JsonNode freshness = getOk("api/freshness").get("freshness");
        assertThat(freshness.get("batch_cutoff").isNull()).isTrue();
        assertThat(freshness.get("speed_last_commit").isNull()).isTrue();
        assertThat(freshness.get("speed_lag_seconds").isNull()).isTrue();
        assertThat(freshness.get("complete").asBoolean()).isFalse();
        assertThat(freshness.get("complete_reason").asText()).contains("no batch recompute");
    }

    @Test
    void aGapShouldMakeEveryResponseIncomplete() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.insertRun(connection, "recompute", CUTOFF, CUTOFF.plusSeconds(60), "succeeded");
            // the speed layer's retention already dropped the buckets between the cutoff and 12:00
            ServingWorkload.insertCommit(connection, 9, NOW.minusSeconds(5), CUTOFF.plus(Duration.ofHours(2)), NOW.minusSeconds(8));
        }

        for (String endpoint : DATA_ENDPOINTS) {
            JsonNode body = getOk(endpoint);
            assertThat(body.get("complete").asBoolean()).as(endpoint).isFalse();
            assertThat(body.get("freshness").get("complete").asBoolean()).as(endpoint).isFalse();
            assertThat(body.get("freshness").get("complete_reason").asText()).as(endpoint).startsWith("gap:");
        }
        JsonNode freshness = getOk("api/freshness").get("freshness");
        assertThat(freshness.get("speed_oldest_bucket").asText()).isEqualTo("2026-11-26T12:00:00Z");
        assertThat(freshness.get("speed_lag_seconds").asDouble()).isEqualTo(8.0);
    }

    @Test
    void withoutRetainedFromTheOldestSpeedRowShouldDecide() throws SQLException {
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.insertRun(connection, "recompute", CUTOFF, CUTOFF.plusSeconds(60), "succeeded");
            ServingWorkload.insertCommit(connection, 3, NOW.minusSeconds(5), null, NOW.minusSeconds(8));
            insertSpeedRow(connection, CUTOFF.plus(Duration.ofHours(1)));
        }
        assertThat(getOk("api/totals").get("complete").asBoolean()).isFalse();

        try (Connection connection = sandbox.connect()) {
            insertSpeedRow(connection, CUTOFF.minus(Duration.ofHours(1)));
        }
        JsonNode totals = getOk("api/totals");
        assertThat(totals.get("complete").asBoolean()).isTrue();
        // the row before the cutoff is the batch layer's to count: only the one after it is in the answer
        assertThat(totals.get("totals").get("tweet_count").asLong()).isEqualTo(7);
    }

    private static void insertSpeedRow(Connection connection, Instant bucket) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO speed_view (ingest_bucket, event_hour,"
                + " location, tweet_count, followers_sum, favorites_sum, retweets_sum) VALUES (?, ?, 'Lagos', 7, 70, 7, 1)")) {
            insert.setObject(1, LocalDateTime.ofInstant(bucket, ZoneOffset.UTC));
            insert.setObject(2, LocalDateTime.ofInstant(bucket.minus(Duration.ofHours(3)), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    @Test
    void recordsLagShouldBeKafkaEndOffsetsMinusWhatTheSpeedLayerConsumed() throws Exception {
        Map<Integer, Long> end = produce(40);
        assertThat(end).containsOnlyKeys(0, 1, 2);
        // partition 0: three records consumed; partition 1: nothing yet (absent); partition 2: everything
        String nextOffsets = String.format("{\"0\": 3, \"2\": %d}", end.get(2));
        long expectedLag = (end.get(0) - 3) + end.get(1);
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.insertRun(connection, "recompute", CUTOFF, CUTOFF.plusSeconds(60), "succeeded");
            ServingWorkload.insertCommit(connection, 12, NOW.minusSeconds(2), CUTOFF, NOW.minusSeconds(3), nextOffsets);
        }

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonNode freshness = getOk("api/freshness").get("freshness");
            assertThat(freshness.get("speed_lag_records").asLong()).as(freshness.toString()).isEqualTo(expectedLag);
        });
        JsonNode freshness = getOk("api/freshness").get("freshness");
        assertThat(freshness.get("speed_lag_records_note").asText()).contains("batch 12");
        assertThat(freshness.get("complete").asBoolean()).isTrue();
    }

    @Test
    void withoutCommittedOffsetsTheLagShouldCountRecordsIngestedAfterTheSpeedLayersNewest() throws Exception {
        Map<Integer, Long> ingestTimes = new HashMap<>();
        produce(12, ingestTimes);
        long applied = ingestTimes.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        Thread.sleep(20);
        produce(7, new HashMap<>());
        try (Connection connection = sandbox.connect()) {
            ServingWorkload.insertRun(connection, "recompute", CUTOFF, CUTOFF.plusSeconds(60), "succeeded");
            // the speed layer applied everything up to the first 12 records and records no offsets
            ServingWorkload.insertCommit(connection, 21, NOW.minusSeconds(2), CUTOFF, Instant.ofEpochMilli(applied));
        }

        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonNode freshness = getOk("api/freshness").get("freshness");
            assertThat(freshness.get("speed_lag_records").asLong()).as(freshness.toString()).isEqualTo(7);
            assertThat(freshness.get("speed_lag_records_note").asText()).startsWith("estimated");
        });
    }

    private static Map<Integer, Long> produce(int records) throws ExecutionException, InterruptedException {
        return produce(records, new HashMap<>());
    }

    /**
     * Produces to the sandbox topic and returns each partition's end offset, from the brokers' acknowledgements;
     * {@code ingestTimes} gets the latest ingest time (LogAppendTime, set by the broker) per partition.
     */
    private static Map<Integer, Long> produce(int records, Map<Integer, Long> ingestTimes)
            throws ExecutionException, InterruptedException {
        Map<Integer, Long> end = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.stack().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                // explicit partitions, so that every partition gets records
                RecordMetadata metadata = producer.send(
                        new ProducerRecord<>(sandbox.topic(), i % 3, "id-" + i, "{\"v\":1}")).get();
                end.merge(metadata.partition(), metadata.offset() + 1, Math::max);
                ingestTimes.merge(metadata.partition(), metadata.timestamp(), Math::max);
            }
        }
        return end;
    }

    @Test
    void aFailingWarehouseQueryShouldBeAnsweredWithoutSqlText() throws SQLException {
        try (Connection connection = sandbox.connect(); Statement statement = connection.createStatement()) {
            // The API reads the rows serving_view merges, batch_view among them (ServingQueries).
            statement.execute("ALTER TABLE batch_view RENAME TO batch_view_away");
            try {
                ApiClient.Response response = api.get("api/totals", query("from", "2026-11-26T00:00:00Z"));

                assertThat(response.status()).isEqualTo(502);
                JsonNode error = response.json().get("error");
                assertThat(error.get("code").asText()).isEqualTo("WAREHOUSE_ERROR");
                assertThat(error.get("incident").asText()).isNotBlank();
                assertThat(response.body()).doesNotContain("batch_view", "SELECT", "relation", "Exception", "at io.");
            } finally {
                statement.execute("ALTER TABLE batch_view_away RENAME TO batch_view");
            }
        }
        assertThat(getOk("api/totals").get("totals").get("tweet_count").asLong()).isZero();
    }
}
