package io.lambdaarch.ingestion.replay;

import static io.lambdaarch.ingestion.TopicContents.headers;
import static io.lambdaarch.ingestion.TopicContents.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lambdaarch.common.cli.CommandLines;
import io.lambdaarch.ingestion.CommandRun;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.TopicContents;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.kafka.KafkaEventPublisher;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a replay file with valid events, repeated ids and malformed lines ends up as exactly one normalized
 * record per valid id on the topic and each malformed line, byte for byte, on the DLQ with its reason. The expected
 * values come from how this test wrote each line, not from the validator.
 */
@ExtendWith(LocalStackExtension.class)
class ReplayIngestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;

    @BeforeAll
    static void setUp(LocalStack localStack) {
        stack = localStack;
    }

    @Test
    void shouldSendEachValidIdOnceNormalizedAndEachMalformedLineToTheDlq(@TempDir Path dir) throws Exception {
        StackSandbox sandbox = stack.sandbox("ingest_replay");
        ReplayFile file = new ReplayFile();
        file.valid("{\"v\":1,\"id\":\"1001\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"id\":\"7\",\"followers_count\":1200,"
                        + "\"location\":\"  Berlin,\\t\\tGermany  \"},\"favorite_count\":3,\"retweet_count\":1,\"lang\":\"de\","
                        + "\"text\":\"hallo\",\"source\":\"recorded\"}",
                expected("1001", "2026-11-26T09:15:30Z", "7", 1200, "Berlin, Germany", 3, 1).put("lang", "de").put("text", "hallo")
                        .put("source", "recorded"));
        file.valid("{\"id\":1002,\"created_at\":\"2026-11-26T10:15:30.250+01:00\",\"user\":{\"location\":\"Tokyo\"}}",
                expected("1002", "2026-11-26T10:15:30.250+01:00", null, 0, "Tokyo", 0, 0));
        file.valid("{\"id\":\"0001003\",\"created_at\":\"2026-11-26T09:00:00-05:00\",\"user\":{\"location\":null}}",
                expected("1003", "2026-11-26T09:00:00-05:00", null, 0, "unknown", 0, 0));
        file.blank();
        file.repeat(1);
        file.repeatedId("{\"id\":\"1003\",\"created_at\":\"2026-11-27T00:00:00Z\",\"user\":{\"location\":\"Elsewhere\"}}");
        file.malformed("{\"id\":\"1004\",\"created_at\":", "malformed_json");
        file.malformed("[\"not\",\"an\",\"object\"]", "not_an_object");
        file.malformed("{\"id\":\"12345678901234567890\",\"created_at\":\"2026-11-26T09:15:30Z\"}", "invalid_id");
        file.malformed("{\"id\":\"1005\",\"created_at\":\"26/11/2026 09:15\"}", "invalid_created_at");
        file.malformed("{\"id\":\"1006\",\"created_at\":\"2026-11-26T09:15:30Z\",\"favorite_count\":-2}", "invalid_count");
        file.malformed("{\"id\":\"1007\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"location\":42}}", "invalid_location");
        String longPlace = "a".repeat(300);
        file.valid("{\"id\":\"1008\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"followers_count\":5,\"location\":\""
                        + longPlace + "\"},\"unknown\":{\"nested\":true}}",
                expected("1008", "2026-11-26T09:15:30Z", null, 5, "a".repeat(256), 0, 0));
        file.repeat(8);
        file.valid("{\"id\":\"1009\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"location\":\"São Paulo 🇧🇷\"}}",
                expected("1009", "2026-11-26T09:15:30Z", null, 0, "São Paulo 🇧🇷", 0, 0));
        file.valid("{\"id\":42,\"created_at\":\"2026-11-26T09:15:30Z\"}", expected("42", "2026-11-26T09:15:30Z", null, 0, "unknown", 0, 0));
        file.repeatedId("{\"id\":\"0042\",\"created_at\":\"2026-11-26T11:11:11Z\",\"favorite_count\":9}");
        file.malformed(new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'}, "malformed_json");
        file.validWithCrLf("{\"id\":\"1010\",\"created_at\":\"2026-11-26T09:15:30Z\",\"retweet_count\":1e2}",
                expected("1010", "2026-11-26T09:15:30Z", null, 0, "unknown", 0, 100));
        Path path = dir.resolve("recorded.jsonl");
        Files.write(path, file.bytes());

        CommandRun run = CommandRun.start(context(sandbox), "--source", "replay", "--file", path.toString());

        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.err()).isEqualTo(CommandLines.OK);
        assertThat(run.out()).contains(String.format("summary: read %d, sent %d, invalid %d, duplicates %d",
                file.records(), file.expectedEvents().size(), file.expectedDlq().size(), file.duplicates()));
        assertTopicHoldsExactly(sandbox, file.expectedEvents());
        assertDlqHoldsExactly(sandbox, file.expectedDlq(), "recorded.jsonl");
    }

    @Test
    void shouldReplayGzippedXPayloads(@TempDir Path dir) throws Exception {
        StackSandbox sandbox = stack.sandbox("ingest_replay_x");
        ReplayFile file = new ReplayFile();
        file.valid("{\"data\":{\"id\":\"1862233445566778899\",\"text\":\"hi\",\"author_id\":\"42\",\"created_at\":\"2026-11-26T09:15:30.000Z\","
                        + "\"lang\":\"en\",\"public_metrics\":{\"retweet_count\":2,\"like_count\":5}},"
                        + "\"includes\":{\"users\":[{\"id\":\"42\",\"location\":\" New  York, NY \",\"public_metrics\":{\"followers_count\":77}}]},"
                        + "\"matching_rules\":[{\"id\":\"1\",\"tag\":\"all\"}]}",
                expected("1862233445566778899", "2026-11-26T09:15:30Z", "42", 77, "New York, NY", 5, 2).put("lang", "en")
                        .put("text", "hi").put("source", "replay"));
        file.valid("{\"data\":{\"id\":\"1862233445566778900\",\"author_id\":\"43\",\"created_at\":\"2026-11-26T09:16:00.000Z\"}}",
                expected("1862233445566778900", "2026-11-26T09:16:00Z", "43", 0, "unknown", 0, 0).put("source", "replay"));
        file.repeat(1);
        // The stream's system message is skipped and counted, as the live stream does, not sent to the DLQ.
        file.skipped("{\"errors\":[{\"title\":\"operational-disconnect\"}]}");
        file.malformed("{\"includes\":{\"users\":[]}}", "invalid_field");
        file.malformed("{\"data\":{\"id\":\"x1\",\"created_at\":\"2026-11-26T09:16:00.000Z\"}}", "invalid_id");
        Path path = dir.resolve("stream.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
            out.write(file.bytes());
        }

        CommandRun run = CommandRun.start(context(sandbox), "--source", "replay", "--format", "x-v2", "--file", path.toString());

        assertThat(run.awaitExit(Duration.ofMinutes(2))).as(run.err()).isEqualTo(CommandLines.OK);
        assertTopicHoldsExactly(sandbox, file.expectedEvents());
        assertDlqHoldsExactly(sandbox, file.expectedDlq(), "stream.jsonl.gz");
    }

    private static void assertTopicHoldsExactly(StackSandbox sandbox, Map<String, ObjectNode> expected) throws IOException {
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readAll(sandbox.stack().kafka().bootstrapServers(), sandbox.topic());
        Map<String, Integer> perId = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            String id = text(record.key());
            perId.merge(id, 1, Integer::sum);
            assertThat(expected).as("unexpected id %s", id).containsKey(id);
            // Through text, because Jackson's number nodes are only equal when their types are.
            assertThat(JSON.readTree(record.value())).as("content of %s", id).isEqualTo(JSON.readTree(expected.get(id).toString()));
        }
        assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(perId.values()).allMatch(count -> count == 1);
    }

    private static void assertDlqHoldsExactly(StackSandbox sandbox, Map<Integer, Rejected> expected, String fileName) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicContents.readAll(sandbox.stack().kafka().bootstrapServers(), sandbox.dlqTopic());
        Map<Integer, Rejected> actual = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Map<String, String> headers = headers(record);
            String origin = headers.get(KafkaEventPublisher.ORIGIN_HEADER);
            assertThat(origin).startsWith(fileName + ":");
            assertThat(headers.get(KafkaEventPublisher.REASON_HEADER)).startsWith(headers.get(KafkaEventPublisher.REASON_CODE_HEADER) + ": ");
            assertThat(headers).containsEntry(KafkaEventPublisher.SOURCE_HEADER, "replay");
            Integer line = Integer.valueOf(origin.substring(fileName.length() + 1));
            assertThat(actual.put(line, new Rejected(record.value(), headers.get(KafkaEventPublisher.REASON_CODE_HEADER))))
                    .as("line %d twice in the DLQ", line).isNull();
        }
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((line, rejected) -> {
            assertThat(actual.get(line).value()).as("DLQ value of line %d", line).isEqualTo(rejected.value());
            assertThat(actual.get(line).code()).as("DLQ reason of line %d", line).isEqualTo(rejected.code());
        });
    }

    private static IngestCommand.Context context(StackSandbox sandbox) {
        return new IngestCommand.Context(sandbox::configSource, Clock.systemUTC(), Sleeper.SYSTEM, XApiClient::defaultHttpClient);
    }

    /** The canonical event this test expects, built by hand: UTC instant, counts defaulting to 0, no null fields. */
    private static ObjectNode expected(String id, String createdAt, String userId, long followers, String location, long favorites,
            long retweets) {
        ObjectNode event = JSON.createObjectNode();
        event.put("v", 1);
        event.put("id", id);
        event.put("created_at", OffsetDateTime.parse(createdAt).toInstant().toString());
        ObjectNode user = event.putObject("user");
        if (userId != null) {
            user.put("id", userId);
        }
        user.put("followers_count", followers);
        user.put("location", location);
        event.put("favorite_count", favorites);
        event.put("retweet_count", retweets);
        return event;
    }

    private record Rejected(byte[] value, String code) {
    }

    /** The lines of a replay file together with what this test expects of each. */
    private static final class ReplayFile {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<byte[]> lines = new ArrayList<>();
        private final Map<String, ObjectNode> events = new LinkedHashMap<>();
        private final Map<Integer, Rejected> dlq = new LinkedHashMap<>();
        private int records;
        private int duplicates;

        void valid(String line, ObjectNode expected) {
            String id = expected.get("id").asText();
            assertThat(events).as("test bug: id %s used twice as new", id).doesNotContainKey(id);
            events.put(id, expected);
            write(line.getBytes(StandardCharsets.UTF_8), "\n");
        }

        void validWithCrLf(String line, ObjectNode expected) {
            events.put(expected.get("id").asText(), expected);
            write(line.getBytes(StandardCharsets.UTF_8), "\r\n");
        }

        /** A line whose id was already sent, so it must be dropped. */
        void repeatedId(String line) {
            duplicates++;
            write(line.getBytes(StandardCharsets.UTF_8), "\n");
        }

        /** The same bytes as line {@code number} again. */
        void repeat(int number) {
            byte[] line = lines.get(number - 1);
            Rejected rejected = dlq.get(number);
            int at = write(line, "\n");
            if (rejected != null) {
                dlq.put(at, rejected);
            } else {
                duplicates++;
            }
        }

        void malformed(String line, String code) {
            malformed(line.getBytes(StandardCharsets.UTF_8), code);
        }

        void malformed(byte[] line, String code) {
            dlq.put(write(line, "\n"), new Rejected(line, code));
        }

        /** A line that holds no event and is skipped, not rejected. */
        void skipped(String line) {
            write(line.getBytes(StandardCharsets.UTF_8), "\n");
        }

        void blank() {
            lines.add(new byte[0]);
            bytes.writeBytes("  \n".getBytes(StandardCharsets.UTF_8));
        }

        private int write(byte[] line, String lineBreak) {
            lines.add(line);
            bytes.writeBytes(line);
            bytes.writeBytes(lineBreak.getBytes(StandardCharsets.UTF_8));
            records++;
            return lines.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        int records() {
            return records;
        }

        int duplicates() {
            return duplicates;
        }

        Map<String, ObjectNode> expectedEvents() {
            return events;
        }

        Map<Integer, Rejected> expectedDlq() {
            return dlq;
        }
    }
}
