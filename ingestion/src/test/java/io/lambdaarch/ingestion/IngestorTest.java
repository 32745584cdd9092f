package io.lambdaarch.ingestion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.event.EventValidator;
import io.lambdaarch.ingestion.config.RunLimits;
import io.lambdaarch.ingestion.kafka.KafkaEventPublisher;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class IngestorTest {
    private static final String TOPIC = "events";
    private static final String DLQ = "events.dlq";
    private static final String BERLIN = "{\"id\":\"0042\",\"created_at\":\"2026-11-26T10:15:30+01:00\","
            + "\"user\":{\"id\":7,\"location\":\"  Berlin \\n Mitte \"},\"favorite_count\":2,\"unknown\":true}";

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final IngestStats stats = new IngestStats();
    private final KafkaEventPublisher publisher = new KafkaEventPublisher(producer, TOPIC, DLQ, stats, Duration.ofSeconds(1));
    private final FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void shouldSendValidEventsInCanonicalFormKeyedById() {
        IngestResult result = ingestor(ListSource.of(BERLIN), RunLimits.unlimited()).run();

        assertThat(result.reason()).isEqualTo(StopReason.SOURCE_EXHAUSTED);
        assertThat(result.succeeded()).isTrue();
        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(TOPIC);
        assertThat(text(record.key())).isEqualTo("42");
        assertThat(text(record.value())).isEqualTo("{\"v\":1,\"id\":\"42\",\"created_at\":\"2026-11-26T09:15:30Z\","
                + "\"user\":{\"id\":\"7\",\"followers_count\":0,\"location\":\"Berlin Mitte\"},\"favorite_count\":2,\"retweet_count\":0}");
        assertThat(result.stats().sent()).isEqualTo(1);
    }

    @Test
    void shouldSendInvalidRecordsToTheDlqWithTheirReasonAndOriginalBytes() {
        String broken = "{\"id\":\"1\",\"created_at\":";
        String negative = "{\"id\":\"2\",\"created_at\":\"2026-11-26T10:15:30Z\",\"retweet_count\":-3}";
        IngestResult result = ingestor(ListSource.of(broken, negative), RunLimits.unlimited()).run();

        assertThat(producer.history()).hasSize(2).allSatisfy(r -> assertThat(r.topic()).isEqualTo(DLQ));
        ProducerRecord<byte[], byte[]> first = producer.history().get(0);
        assertThat(text(first.value())).isEqualTo(broken);
        assertThat(first.key()).isNull();
        assertThat(headers(first)).containsEntry(KafkaEventPublisher.REASON_CODE_HEADER, "malformed_json")
                .containsEntry(KafkaEventPublisher.SOURCE_HEADER, "list")
                .containsEntry(KafkaEventPublisher.ORIGIN_HEADER, "list:1")
                .doesNotContainKey(KafkaEventPublisher.ORIGINAL_LENGTH_HEADER);
        assertThat(headers(first).get(KafkaEventPublisher.REASON_HEADER)).startsWith("malformed_json: ");
        assertThat(headers(producer.history().get(1))).containsEntry(KafkaEventPublisher.REASON_CODE_HEADER, "invalid_count");
        assertThat(headers(producer.history().get(1)).get(KafkaEventPublisher.REASON_HEADER)).contains("retweet_count");
        assertThat(result.stats().invalid()).isEqualTo(2);
        assertThat(result.stats().dlqSent()).isEqualTo(2);
    }

    @Test
    void shouldDropRepeatsOfRecentIdsWhateverTheirSpelling() {
        String same = "{\"id\":42,\"created_at\":\"2026-11-26T09:15:30Z\"}";
        String other = "{\"id\":\"43\",\"created_at\":\"2026-11-26T09:15:30Z\"}";
        IngestResult result = ingestor(ListSource.of(BERLIN, same, other, BERLIN), RunLimits.unlimited()).run();

        assertThat(producer.history()).extracting(r -> text(r.key())).containsExactly("42", "43");
        assertThat(result.stats().duplicates()).isEqualTo(2);
        assertThat(result.stats().read()).isEqualTo(4);
    }

    @Test
    void shouldStopAtTheCount() {
        ListSource source = ListSource.of(event(1), event(2), event(3), event(4));
        IngestResult result = ingestor(source, new RunLimits(OptionalLong.of(2), Optional.empty(), 0)).run();

        assertThat(result.reason()).isEqualTo(StopReason.COUNT_REACHED);
        assertThat(producer.history()).hasSize(2);
    }

    @Test
    void shouldStopAfterTheDuration() {
        ListSource source = ListSource.of(event(1), event(2), event(3), event(4));
        source.onPoll(position -> time.advance(Duration.ofSeconds(1)));
        IngestResult result = ingestor(source, new RunLimits(OptionalLong.empty(), Optional.of(Duration.ofMillis(2500)), 0)).run();

        assertThat(result.reason()).isEqualTo(StopReason.DURATION_REACHED);
        assertThat(producer.history()).hasSize(3);
    }

    @Test
    void shouldPaceReadsToTheRate() {
        ListSource source = ListSource.of(event(1), event(2), event(3));
        ingestor(source, new RunLimits(OptionalLong.empty(), Optional.empty(), 2)).run();

        assertThat(time.sleeps()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
    }

    @Test
    void shouldFlushEverythingHandedOverWhenStopped() {
        ListSource source = ListSource.of(event(1), event(2), event(3), event(4), event(5));
        Ingestor[] ingestor = new Ingestor[1];
        source.onPoll(position -> {
            if (position == 2) {
                ingestor[0].stop();
            }
        });
        ingestor[0] = ingestor(source, RunLimits.unlimited());
        IngestResult result = ingestor[0].run();

        assertThat(result.reason()).isEqualTo(StopReason.STOPPED);
        // The record handed over together with the stop request is still sent; nothing after it is read.
        assertThat(producer.history()).hasSize(3);
        assertThat(producer.flushed()).isTrue();
        assertThat(result.stats().sent()).isEqualTo(3);
    }

    @Test
    void shouldStopAndNameTheRecordWhenKafkaGivesUpOnIt() {
        ListSource source = ListSource.of(event(1), event(2), event(3), event(4));
        source.onPoll(position -> {
            if (position == 2) {
                producer.errorNext(new TimeoutException("Expiring 1 record(s) for events-0: 120000 ms has passed"));
            }
        });
        IngestResult result = ingestor(source, RunLimits.unlimited()).run();

        assertThat(result.reason()).isEqualTo(StopReason.SEND_FAILED);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.failure()).hasValueSatisfying(message -> assertThat(message)
                .contains("event 1").contains(TOPIC).contains("120000 ms has passed"));
        assertThat(producer.history()).hasSize(3);
        assertThat(result.stats().failed()).isEqualTo(1);
    }

    @Test
    void shouldSendRecordsOverTheLimitToTheDlqCut() {
        byte[] prefix = "{\"id\":\"1\",".getBytes(StandardCharsets.UTF_8);
        ListSource source = new ListSource().add(new SourceRecord(prefix, "big.jsonl:3", 5_000_000));
        ingestor(source, RunLimits.unlimited()).run();

        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(DLQ);
        assertThat(record.value()).isEqualTo(prefix);
        assertThat(headers(record)).containsEntry(KafkaEventPublisher.REASON_CODE_HEADER, Ingestor.TOO_LARGE)
                .containsEntry(KafkaEventPublisher.ORIGINAL_LENGTH_HEADER, "5000000");
    }

    @Test
    void shouldFlushWhatWasHandedOverBeforeTheSourceFailed() {
        ListSource source = ListSource.of(event(1), event(2), event(3));
        source.onPoll(position -> {
            if (position == 2) {
                throw new TerseException("Cannot read replay file x.jsonl after line 2");
            }
        });
        Ingestor ingestor = ingestor(source, RunLimits.unlimited());

        assertThatThrownBy(ingestor::run).isInstanceOf(TerseException.class).hasMessageContaining("line 2");
        assertThat(producer.flushed()).isTrue();
        assertThat(stats.snapshot().sent()).isEqualTo(2);
    }

    @Test
    void shouldSendEachPostOfAnXPageAndSkipAndCountSystemMessages() {
        String page = "{\"data\":[{\"id\":\"11\",\"created_at\":\"2026-11-26T09:00:00Z\",\"edit_history_tweet_ids\":[\"11\"]},"
                + "{\"id\":\"12\",\"created_at\":\"never\"},"
                + "{\"id\":\"15\",\"created_at\":\"2026-11-26T09:05:00Z\",\"edit_history_tweet_ids\":[\"11\",\"15\"]},"
                + "{\"id\":\"13\",\"created_at\":\"2026-11-26T09:10:00Z\"}],\"meta\":{\"result_count\":4}}";
        String disconnect = "{\"errors\":[{\"title\":\"operational-disconnect\"}]}";
        ListSource source = ListSource.of(page, disconnect);
        IngestResult result = new Ingestor(source, RecordDecoder.forFormat(RecordFormat.X_V2, source.name(), new EventValidator()),
                publisher, RunLimits.unlimited(), 100, 1024, stats, time.clock(), time).run();

        assertThat(producer.history()).extracting(r -> r.topic() + " " + (r.key() == null ? "-" : text(r.key())))
                .containsExactly(TOPIC + " 11", DLQ + " -", TOPIC + " 13");
        ProducerRecord<byte[], byte[]> rejected = producer.history().get(1);
        assertThat(text(rejected.value())).isEqualTo("{\"id\":\"12\",\"created_at\":\"never\"}");
        assertThat(headers(rejected)).containsEntry(KafkaEventPublisher.ORIGIN_HEADER, "list:1#data[1]")
                .containsEntry(KafkaEventPublisher.REASON_CODE_HEADER, "invalid_created_at");
        IngestStats.Snapshot counted = result.stats();
        assertThat(counted.read()).isEqualTo(5);
        assertThat(counted.sent()).isEqualTo(2);
        assertThat(counted.invalid()).isEqualTo(1);
        // The edit of post 11 is post 11 again: counted once.
        assertThat(counted.duplicates()).isEqualTo(1);
        assertThat(counted.skipped()).isEqualTo(1);
        assertThat(counted.read()).isEqualTo(counted.sent() + counted.invalid() + counted.duplicates() + counted.skipped());
    }

    private Ingestor ingestor(ListSource source, RunLimits limits) {
        return new Ingestor(source, RecordDecoder.forFormat(RecordFormat.EVENT, source.name(), new EventValidator()), publisher,
                limits, 100, 1024, stats, time.clock(), time);
    }

    private static String event(int id) {
        return "{\"id\":\"" + id + "\",\"created_at\":\"2026-11-26T09:15:30Z\"}";
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(ProducerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return headers;
    }
}
