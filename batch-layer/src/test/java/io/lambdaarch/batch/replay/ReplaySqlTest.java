package io.lambdaarch.batch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplaySqlTest {

    @Test
    void shouldKeepRowsOncePerCoordinateBelowTheLandedOffsetsWhenReplaying() {
        assertThat(ReplaySql.insertFromStaging())
                .startsWith("INSERT INTO raw_batch (event_id, created_at, location, followers_count, favorite_count,"
                        + " retweet_count, kafka_partition, kafka_offset, ingest_time, lang) SELECT ")
                .contains("ROW_NUMBER() OVER (PARTITION BY s.kafka_partition, s.kafka_offset",
                        "JOIN landing_offsets o ON o.kafka_partition = s.kafka_partition AND s.kafka_offset < o.next_offset"
                                + " AND o.topic = ?", "WHERE copy_rank = 1");
    }
}
