package io.lambdaarch.batch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TopicSnapshotTest {
    private final TopicSnapshot snapshot = new TopicSnapshot("tweets", "id", new TreeMap<>(Map.of(0, 10L, 1, 0L)),
            new TreeMap<>(Map.of(0, 100L, 1, 5L)), Instant.EPOCH);

    @Test
    void shouldCountRecordsAfterTheLandedOffsets() {
        assertThat(snapshot.lag(0, Optional.of(60L))).isEqualTo(40);
        assertThat(snapshot.lag(0, Optional.empty())).isEqualTo(90);
        assertThat(snapshot.lag(0, Optional.of(3L))).as("deleted records are not lag").isEqualTo(90);
        assertThat(snapshot.lag(Map.of(0, 100L))).isEqualTo(5);
    }
}
