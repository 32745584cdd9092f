package io.lambdaarch.ingestion.x;

import static io.lambdaarch.ingestion.TopicContents.headers;
import static io.lambdaarch.ingestion.TopicContents.text;
import static io.lambdaarch.ingestion.x.FakeXServer.Ending.CUT;
import static io.lambdaarch.ingestion.x.FakeXServer.Ending.SILENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.ingestion.CommandRun;
import io.lambdaarch.ingestion.FakeTime;
import io.lambdaarch.ingestion.TopicContents;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.config.SourceSettings;
import io.lambdaarch.ingestion.kafka.KafkaEventPublisher;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the x-stream source against a local server speaking the v2 stream format. The server cuts a stream,
 * cuts a connection before answering, answers 429 and 503 (twice), sends keep-alives, goes silent, and repeats a
 * post; the source waits exactly as X documents (checked on a fake clock) and every post reaches Kafka once.
 */
@ExtendWith(LocalStackExtension.class)
class XStreamIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("ingest_x_stream");
    }

    @Test
    void shouldReconnectWithTheDocumentedBackOffAndDeliverEveryPostOnce(@TempDir Path dir) throws Exception {
        Post first = new Post("1900000000000000001", "11", " Lisboa , Portugal", 10, 1, 0);
        Post second = new Post("1900000000000000002", "12", null, 250, 0, 3);
        Post third = new Post("1900000000000000003", "13", "東京", 0, 7, 7);
        Post fourth = new Post("1900000000000000004", "11", " Lisboa , Portugal", 10, 2, 0);
        Post fifth = new Post("1900000000000000005", "14", "🌍", 99, 0, 0);
        String broken = "{\"data\":{\"id\":\"not-a-number\",\"created_at\":\"2026-11-26T09:00:00.000Z\"}}";
        String disconnect = "{\"errors\":[{\"title\":\"operational-disconnect\",\"disconnect_type\":\"UpstreamOperationalDisconnect\"}]}";
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "[{\"value\":\"has:geo\",\"tag\":\"geo\"},{\"value\":\"#lambda lang:en\",\"tag\":\"lambda\"}]");
        FakeTime time = new FakeTime(Instant.parse("2026-11-26T09:00:00Z"));

        try (FakeXServer server = new FakeXServer()) {
            server.addRule("old rule", "stale");
            server.addRule("has:geo", "geo");
            server.then(FakeXServer.stream(CUT, first.json(), "", second.json()))
                    // java.net.http retries a GET once by itself when the connection closes before any response
                    // byte, so it takes two cuts in a row for the source to see a network error.
                    .then(FakeXServer.cutBeforeResponse())
                    .then(FakeXServer.cutBeforeResponse())
                    .then(FakeXServer.status(429, "ConnectionException"))
                    .then(FakeXServer.status(503, "Service Unavailable"))
                    .then(FakeXServer.status(503, "Service Unavailable"))
                    .then(FakeXServer.stream(SILENT, third.json(), "", "", fourth.json(), second.json()))
                    .then(FakeXServer.stream(SILENT, disconnect, fifth.json(), broken));
            Map<String, String> settings = Map.of(SourceSettings.XStream.BEARER_TOKEN.name(), "test-token");
            IngestCommand.Context context = new IngestCommand.Context(() -> sandbox.configSource(settings), time.clock(), time,
                    XApiClient::defaultHttpClient);

            // Eight lines reach the source: five distinct posts, one repeat, one broken, one system message.
            CommandRun run = CommandRun.start(context, "--source", "x-stream", "--api-url", server.baseUrl().toString(),
                    "--rules-file", rules.toString(), "--count", "8");

            String bootstrap = sandbox.stack().kafka().bootstrapServers();
            // The seventh connection delivers its posts, then goes silent; only the stall timeout can end it.
            await().atMost(Duration.ofMinutes(2)).until(() -> TopicContents.count(bootstrap, sandbox.topic()) >= 4 || run.finished());
            assertThat(run.finished()).as(run.err()).isFalse();
            assertThat(server.connections()).isEqualTo(7);
            // Silence now lasts past the stall timeout on the fake clock. Advancing again is harmless while the seventh
            // connection is open (it only matters once its last line is in), and stops once the eighth is made.
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                if (server.connections() == 7) {
                    time.advance(SourceSettings.XStream.STALL_TIMEOUT.defaultValue().orElseThrow().plusSeconds(1));
                }
                return server.connections() == 8;
            });

            assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.err()).isEqualTo(CommandLines.OK);
            assertThat(time.sleeps()).containsExactly(
                    Duration.ZERO,             // an established connection dropped: reconnect at once
                    Duration.ofMillis(250),    // cut before answering: network error, linear back-off
                    Duration.ofMinutes(1),     // 429: exponential from one minute
                    Duration.ofSeconds(5),     // 503: exponential from five seconds
                    Duration.ofSeconds(10),    // 503 again: doubled
                    Duration.ZERO);            // the stall ended an established connection: reconnect at once
            assertThat(server.connections()).isEqualTo(8);
            assertThat(server.streamRequests()).allSatisfy(query -> assertThat(query)
                    .contains("tweet.fields=created_at,lang,public_metrics,author_id")
                    .contains("expansions=author_id")
                    .contains("user.fields=location,public_metrics"));
            assertThat(server.authorizations()).containsOnly("Bearer test-token");
            assertThat(server.currentRules()).extracting(XRule::value, XRule::tag)
                    .containsExactlyInAnyOrder(tuple("has:geo", "geo"), tuple("#lambda lang:en", "lambda"));
            assertThat(run.out()).contains("summary: read 8, sent 5, invalid 1, duplicates 1, skipped 1 (no posts)");

            Map<String, Integer> perId = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : TopicContents.readAll(bootstrap, sandbox.topic())) {
                perId.merge(text(record.key()), 1, Integer::sum);
                Post post = List.of(first, second, third, fourth, fifth).stream()
                        .filter(p -> p.id().equals(text(record.key()))).findFirst().orElseThrow();
                assertThat(JSON.readTree(record.value())).isEqualTo(post.expected());
            }
            assertThat(perId).containsOnlyKeys(first.id(), second.id(), third.id(), fourth.id(), fifth.id());
            assertThat(perId.values()).containsOnly(1);
            List<ConsumerRecord<byte[], byte[]>> dlq = TopicContents.readAll(bootstrap, sandbox.dlqTopic());
            assertThat(dlq).hasSize(1);
            assertThat(text(dlq.get(0).value())).isEqualTo(broken);
            assertThat(headers(dlq.get(0))).containsEntry(KafkaEventPublisher.REASON_CODE_HEADER, "invalid_id")
                    .containsEntry(KafkaEventPublisher.SOURCE_HEADER, "x-stream");
        }
    }

    /** One post as the stream sends it, and the event this test expects from it. */
    private record Post(String id, String authorId, String location, long followers, long likes, long retweets) {
        String json() {
            ObjectNode payload = JSON.createObjectNode();
            payload.putObject("data").put("id", id).put("text", "post " + id).put("author_id", authorId)
                    .put("created_at", "2026-11-26T08:59:30.000Z").put("lang", "pt")
                    .putObject("public_metrics").put("retweet_count", retweets).put("like_count", likes).put("reply_count", 0);
            ObjectNode user = payload.putObject("includes").putArray("users").addObject().put("id", authorId).put("username", "u" + authorId);
            if (location != null) {
                user.put("location", location);
            }
            user.putObject("public_metrics").put("followers_count", followers).put("following_count", 1);
            payload.putArray("matching_rules").addObject().put("id", "100").put("tag", "geo");
            return payload.toString();
        }

        JsonNode expected() throws IOException {
            ObjectNode event = JSON.createObjectNode();
            event.put("v", 1).put("id", id).put("created_at", "2026-11-26T08:59:30Z");
            event.putObject("user").put("id", authorId).put("followers_count", followers)
                    .put("location", location == null ? "unknown" : location.strip().replaceAll("\\s+", " "));
            event.put("favorite_count", likes).put("retweet_count", retweets).put("lang", "pt").put("text", "post " + id)
                    .put("source", "x-stream");
            // Through text, because Jackson's number nodes are only equal when their types are.
            return JSON.readTree(event.toString());
        }
    }
}
