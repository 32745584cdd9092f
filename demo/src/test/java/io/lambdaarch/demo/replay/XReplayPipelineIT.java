package io.lambdaarch.demo.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.cli.BatchCommand;
import io.lambdaarch.common.config.ConfigSource;
import io.lambdaarch.common.sql.WarehouseConnector;
import io.lambdaarch.demo.verify.Measures;
import io.lambdaarch.demo.verify.ServingViewReader;
import io.lambdaarch.demo.verify.ViewKey;
import io.lambdaarch.demo.verify.ViewSnapshot;
import io.lambdaarch.ingestion.Sleeper;
import io.lambdaarch.ingestion.cli.IngestCommand;
import io.lambdaarch.ingestion.kafka.KafkaEventPublisher;
import io.lambdaarch.ingestion.x.XApiClient;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import io.lambdaarch.serving.sql.ServingSchema;
import io.lambdaarch.serving.sql.ServingViewSql;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Acceptance for X data as people record it: {@code x-v2/recorded.jsonl} holds, one per line, a recent-search page as
 * twarc2 writes it (four posts, authors shared in {@code includes.users}, one author missing), a filtered-stream
 * payload, the stream's {@code operational-disconnect}, a lookup page with a broken post and a not-found error, an
 * edited version of the first post, an empty page, a flattened post (author inlined), a line cut short, and line 2
 * again. It goes through {@code ingest --format x-v2}, the embedded Kafka and a batch run into {@code serving_view},
 * which must equal the table below, written by hand from the file (not from the converter); the two bad posts must be
 * on the DLQ, each named by file, line and post.
 */
@ExtendWith(LocalStackExtension.class)
class XReplayPipelineIT {
    private static final Instant NINE = Instant.parse("2026-11-26T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-11-26T11:00:00Z");
    private static StackSandbox sandbox;

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("x_replay_pipeline");
        ServingSchema.prepare(sandbox.warehouseSettings(), ServingViewSql.of(sandbox.warehouseSettings().kind().dialect(), "public"));
    }

    @Test
    void servingViewShouldHoldEveryRecordedPostOnceAndTheDlqEachBadOneByLineAndPost(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("recorded.jsonl");
        try (InputStream fixture = getClass().getResourceAsStream("/x-v2/recorded.jsonl")) {
            Files.copy(fixture, file);
        }
        Map<String, String> extra = Map.of("LAMBDA_INGEST_BUCKET", "1s", "LAMBDA_BATCH_CLOCK_MARGIN", "0s");
        ConfigSource settings = sandbox.configSource(extra);

        StringWriter ingestOutput = new StringWriter();
        int ingest = execute(IngestCommand.createCommandLine(new IngestCommand.Context(() -> settings, Clock.systemUTC(),
                Sleeper.SYSTEM, XApiClient::defaultHttpClient)), ingestOutput,
                "--source", "replay", "--format", "x-v2", "--file", file.toString());
        assertThat(ingest).as(ingestOutput.toString()).isZero();
        // 13 items: 11 posts (one of them the edit, one repeated line), the disconnect, the empty page; plus the cut line.
        assertThat(ingestOutput.toString()).contains("read 13, sent 7, invalid 2, duplicates 2, skipped 2 (no posts)");

        // Past the one-second bucket of the last record's ingest time, so the recompute's cutoff covers them all.
        Thread.sleep(2_000);
        StringWriter batchOutput = new StringWriter();
        assertThat(execute(BatchCommand.createCommandLine(() -> settings, Clock.systemUTC()), batchOutput, "run"))
                .as(batchOutput.toString()).isZero();

        ViewSnapshot view = new ServingViewReader(new WarehouseConnector(sandbox.warehouseSettings())).read();
        assertThat(view.groups()).containsExactlyInAnyOrderEntriesOf(expectedView());

        List<ConsumerRecord<byte[], byte[]>> dlq = readAll(sandbox.dlqTopic());
        assertThat(dlq).extracting(record -> header(record, KafkaEventPublisher.ORIGIN_HEADER) + " " + header(record, KafkaEventPublisher.REASON_CODE_HEADER))
                .containsExactlyInAnyOrder("recorded.jsonl:4#data[1] invalid_created_at", "recorded.jsonl:8 malformed_json");
        ConsumerRecord<byte[], byte[]> badPost = dlq.stream()
                .filter(record -> header(record, KafkaEventPublisher.ORIGIN_HEADER).endsWith("#data[1]")).findFirst().orElseThrow();
        assertThat(new String(badPost.value(), StandardCharsets.UTF_8))
                .startsWith("{\"id\":\"1900000000000000007\"").contains("\"created_at\":\"2026-11-26 10:31\"");
    }

    /**
     * The file's valid posts by hand: the edit of post 01 (line 5) and the repeat of line 2 (line 9) are not counted,
     * post 04's author is not in its page (no location, no followers), user 12 has no location, London's location is
     * normalized.
     */
    private static Map<ViewKey, Measures> expectedView() {
        Map<ViewKey, Measures> view = new HashMap<>();
        view.put(new ViewKey(NINE, "San Francisco, CA"), Measures.of(1, 1000, 3, 1));   // 01
        view.put(new ViewKey(NINE, "London, UK"), Measures.of(1, 250, 0, 2));           // 02
        view.put(new ViewKey(TEN, "San Francisco, CA"), Measures.of(1, 1000, 10, 0));   // 03
        view.put(new ViewKey(TEN, "unknown"), Measures.of(1, 0, 1, 1));                 // 04
        view.put(new ViewKey(NINE, "unknown"), Measures.of(1, 7, 2, 0));                // 05
        view.put(new ViewKey(TEN, "London, UK"), Measures.of(1, 250, 4, 4));            // 06
        view.put(new ViewKey(ELEVEN, "Tokyo"), Measures.of(1, 40, 0, 0));               // 10, flattened
        return view;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, sandbox.stack().kafka().bootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int execute(CommandLine commandLine, StringWriter output, String... arguments) {
        commandLine.setOut(new PrintWriter(output, true));
        commandLine.setErr(new PrintWriter(output, true));
        return commandLine.execute(arguments);
    }
}
