package io.lambdaarch.batch.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.batch.archive.RawRow;
import io.lambdaarch.common.event.TweetEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PostgresStatementsTest {

    @Test
    void shouldCopyCsvFromStandardInputInArchiveColumnOrder() {
        assertThat(PostgresBatchWarehouse.copyStatement("raw_batch")).isEqualTo("COPY raw_batch (event_id, created_at, location,"
                + " followers_count, favorite_count, retweet_count, kafka_partition, kafka_offset, ingest_time) FROM STDIN"
                + " WITH (FORMAT csv)");
    }

    @Test
    void shouldEncodeRowsAsCsvWithQuotedTextAndMicrosecondTimestamps() {
        TweetEvent event = new TweetEvent("42", Instant.parse("0001-01-01T00:00:00.000001Z"), null, 5,
                "a \"quoted\", place\\ here", 6, 7, null, null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        CsvRowEncoder.encode(new RawRow(event, 2, 99, Instant.parse("2026-11-26T09:15:31.123Z")), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "42,0001-01-01 00:00:00.000001,\"a \"\"quoted\"\", place\\ here\",5,6,7,2,99,2026-11-26 09:15:31.123000\n");
    }

    @Test
    void shouldKeepRowsOncePerCoordinateBelowTheLandedOffsetsWhenReplaying() {
        assertThat(ReplaySql.insertFromStaging())
                .startsWith("INSERT INTO raw_batch (event_id, created_at, location, followers_count, favorite_count,"
                        + " retweet_count, kafka_partition, kafka_offset, ingest_time) SELECT ")
                .contains("ROW_NUMBER() OVER (PARTITION BY s.kafka_partition, s.kafka_offset",
                        "JOIN landing_offsets o ON o.kafka_partition = s.kafka_partition AND s.kafka_offset < o.next_offset"
                                + " AND o.topic = ?", "WHERE copy_rank = 1");
    }
}
