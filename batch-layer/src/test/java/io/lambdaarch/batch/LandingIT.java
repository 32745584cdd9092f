package io.lambdaarch.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lambdaarch.batch.testing.BatchCli;
import io.lambdaarch.batch.testing.BatchProcess;
import io.lambdaarch.batch.testing.TestArchive;
import io.lambdaarch.batch.testing.TestKafka;
import io.lambdaarch.batch.testing.TestWarehouse;
import io.lambdaarch.batch.testing.Workload;
import io.lambdaarch.localstack.LocalStack;
import io.lambdaarch.localstack.StackSandbox;
import io.lambdaarch.localstack.junit.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One landing run over a multi-partition backlog with invalid records, in a child JVM with a small heap and small
 * archive files, so partitions are drained in parallel, rows stream into the COPY while files are cut and uploaded.
 * raw_batch, the raw archive and the quarantine are each compared, row by row, with what the test generated and where
 * Kafka says it stored each record (partition, offset, LogAppendTime): no production code computes the truth.
 */
@ExtendWith(LocalStackExtension.class)
class LandingIT {
    private static final int EVENTS = 30_000;
    private static final int MALFORMED = 450;
    private static final Pattern DATA_KEY = Pattern.compile(
            "(raw|quarantine)/tweets/ingest_date=(\\d{4}-\\d{2}-\\d{2})/part-(\\d+)-(\\d+)-(\\d+)\\.jsonl\\.gz");

    private static StackSandbox sandbox;
    private static Map<String, String> settings;
    /** (partition, offset) to the raw_batch row the record must become. */
    private static final Map<Coordinate, Row> expectedRaw = new TreeMap<>();
    /** (partition, offset) to the Base64 of the original value ("null" for a tombstone). */
    private static final Map<Coordinate, String> expectedQuarantine = new TreeMap<>();
    private static final Map<Integer, Long> endOffsets = new TreeMap<>();

    /** Where Kafka stored a record. */
    record Coordinate(int partition, long offset) implements Comparable<Coordinate> {
        @Override
        public int compareTo(Coordinate other) {
            return partition != other.partition ? Integer.compare(partition, other.partition) : Long.compare(offset, other.offset);
        }
    }

    /** A raw_batch row; timestamps at the column's precision (microseconds). */
    record Row(String id, Instant createdAt, String location, long followers, long favorites, long retweets, Instant ingestTime) {
    }

    @BeforeAll
    static void setUp(LocalStack stack) {
        sandbox = stack.sandbox("landing_it");
        settings = new HashMap<>(sandbox.settings());
        // Small files: every partition is cut into several, so uploads happen while rows stream into the COPY.
        settings.put("LAMBDA_BATCH_FILE_MAX_RECORDS", "1500");
        Workload workload = Workload.generate(14, 3_000_000_000L, EVENTS, MALFORMED, 6, Instant.now(), 3);
        List<Workload.Message> messages = new ArrayList<>(workload.first());
        messages.addAll(workload.later());
        List<RecordMetadata> stored = TestKafka.sendAll(sandbox, messages);
        for (int i = 0; i < messages.size(); i++) {
            Workload.Message message = messages.get(i);
            RecordMetadata metadata = stored.get(i);
            Coordinate at = new Coordinate(metadata.partition(), metadata.offset());
            endOffsets.merge(metadata.partition(), metadata.offset() + 1, Math::max);
            Optional<Workload.Event> event = workload.event(message);
            if (event.isPresent()) {
                Workload.Event e = event.get();
                expectedRaw.put(at, new Row(e.id(), e.createdAt().truncatedTo(ChronoUnit.MICROS), e.location(), e.followers(),
                        e.favorites(), e.retweets(), Instant.ofEpochMilli(metadata.timestamp())));
            } else {
                expectedQuarantine.put(at, message.value() == null ? "null" : Base64.getEncoder().encodeToString(message.value()));
            }
        }
        assertThat(expectedRaw).hasSize(workload.validRecords());
        assertThat(expectedQuarantine).hasSize(workload.malformedRecords());
        assertThat(endOffsets).hasSize(3);
    }

    @Test
    void shouldLandAMultiPartitionBacklogIntoRawBatchAndTheArchiveExactlyAsSent() {
        BatchCli.Result result = BatchProcess.run(settings, List.of("-Xmx128m", "-XX:+ExitOnOutOfMemoryError"),
                Duration.ofMinutes(6), "land");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("landed " + String.format("%,d", expectedRaw.size()) + " records");

        assertThat(rawBatch()).isEqualTo(expectedRaw);
        assertThat(rawArchive()).isEqualTo(expectedRaw);
        assertThat(quarantine()).isEqualTo(expectedQuarantine);
        assertThat(TestWarehouse.landingOffsets(sandbox)).isEqualTo(endOffsets);
        List<String> counts = new ArrayList<>();
        TestWarehouse.query(sandbox, "SELECT valid_records, invalid_records FROM landing_runs", rows -> {
            while (rows.next()) {
                counts.add(rows.getLong(1) + "/" + rows.getLong(2));
            }
        });
        assertThat(counts).containsExactly(expectedRaw.size() + "/" + expectedQuarantine.size());
    }

    private static Map<Coordinate, Row> rawBatch() {
        Map<Coordinate, Row> rows = new TreeMap<>();
        TestWarehouse.query(sandbox, "SELECT event_id, created_at, location, followers_count, favorite_count, retweet_count,"
                + " kafka_partition, kafka_offset, ingest_time FROM raw_batch", result -> {
                    while (result.next()) {
                        Row row = new Row(result.getString(1), instant(result.getObject(2, LocalDateTime.class)), result.getString(3),
                                result.getLong(4), result.getLong(5), result.getLong(6), instant(result.getObject(9, LocalDateTime.class)));
                        assertThat(rows.put(new Coordinate(result.getInt(7), result.getLong(8)), row)).isNull();
                    }
                });
        return rows;
    }

    /**
     * Every raw line of every raw file, after checking that the file's key names the partition, the first and last
     * offset and the UTC ingest date of the lines it holds, and that the lines are in offset order.
     */
    private static Map<Coordinate, Row> rawArchive() {
        Map<Coordinate, Row> rows = new TreeMap<>();
        List<String> keys = TestArchive.keys(sandbox, "raw/");
        assertThat(keys.size()).as("several files per partition").isGreaterThanOrEqualTo(3 * 4);
        for (String key : keys) {
            List<JsonNode> lines = TestArchive.lines(sandbox, key);
            checkKey(key, lines);
            for (JsonNode line : lines) {
                JsonNode user = line.get("user");
                Row row = new Row(line.get("id").asText(), Instant.parse(line.get("created_at").asText()).truncatedTo(ChronoUnit.MICROS),
                        user.get("location").asText(), user.get("followers_count").asLong(), line.get("favorite_count").asLong(),
                        line.get("retweet_count").asLong(), Instant.parse(line.get("ingest_time").asText()));
                assertThat(rows.put(coordinate(line), row)).as("%s in two files", coordinate(line)).isNull();
            }
        }
        return rows;
    }

    private static Map<Coordinate, String> quarantine() {
        Map<Coordinate, String> values = new TreeMap<>();
        for (String key : TestArchive.keys(sandbox, "quarantine/")) {
            List<JsonNode> lines = TestArchive.lines(sandbox, key);
            checkKey(key, lines);
            for (JsonNode line : lines) {
                assertThat(line.get("reason").asText()).isNotBlank();
                assertThat(values.put(coordinate(line), line.get("value_base64").isNull() ? "null" : line.get("value_base64").asText()))
                        .isNull();
            }
        }
        return values;
    }

    private static void checkKey(String key, List<JsonNode> lines) {
        Matcher matcher = DATA_KEY.matcher(key);
        assertThat(matcher.matches()).as(key).isTrue();
        assertThat(lines).as(key).isNotEmpty();
        List<Coordinate> coordinates = lines.stream().map(LandingIT::coordinate).toList();
        assertThat(coordinates).as(key).isSorted().allMatch(c -> c.partition() == Integer.parseInt(matcher.group(3)));
        assertThat(coordinates.get(0).offset()).as(key).isEqualTo(Long.parseLong(matcher.group(4)));
        assertThat(coordinates.get(coordinates.size() - 1).offset()).as(key).isEqualTo(Long.parseLong(matcher.group(5)));
        assertThat(lines).as(key).allMatch(line -> Instant.parse(line.get("ingest_time").asText()).atOffset(ZoneOffset.UTC)
                .toLocalDate().toString().equals(matcher.group(2)));
    }

    private static Coordinate coordinate(JsonNode line) {
        return new Coordinate(line.get("kafka_partition").asInt(), line.get("kafka_offset").asLong());
    }

    private static Instant instant(LocalDateTime utc) {
        return utc.toInstant(ZoneOffset.UTC);
    }
}
