package io.lambdaarch.batch.landing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lambdaarch.batch.kafka.TopicSnapshot;
import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.common.ledger.LandingOffsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LandingPlanTest {
    private static final TopicSnapshot SNAPSHOT = new TopicSnapshot("tweets", "id-1", new TreeMap<>(Map.of(0, 0L, 1, 50L, 2, 0L)),
            new TreeMap<>(Map.of(0, 100L, 1, 120L, 2, 0L)), Instant.parse("2026-11-26T10:00:00Z"));

    @Test
    void shouldStartNewPartitionsAtTheLogStartAndOthersAtTheLandedOffset() {
        LandingPlan plan = LandingPlan.of(state(Map.of(0, 40L), "id-1"), SNAPSHOT, false);

        assertThat(plan.ranges()).containsExactly(new PartitionRange(0, 40, 100), new PartitionRange(1, 50, 120),
                new PartitionRange(2, 0, 0));
        assertThat(plan.nextOffsets()).isEqualTo(Map.of(0, 100L, 1, 120L, 2, 0L));
        assertThat(plan.offsets()).isEqualTo(60 + 70);
        assertThat(plan.warnings()).isEmpty();
    }

    @Test
    void shouldRefuseToSkipRecordsDeletedBeforeTheyWereLanded() {
        LandingOffsets state = state(Map.of(1, 30L), "id-1");

        assertThatThrownBy(() -> LandingPlan.of(state, SNAPSHOT, false)).isInstanceOf(TerseException.class)
                .hasMessageContaining("records 30 to 49 of partition 1").hasMessageContaining("--accept-lost-offsets");
        LandingPlan accepted = LandingPlan.of(state, SNAPSHOT, true);
        assertThat(accepted.ranges()).contains(new PartitionRange(1, 50, 120));
        assertThat(accepted.warnings()).singleElement().asString().startsWith("WARNING: the records 30 to 49 of partition 1");
    }

    @Test
    void shouldRefuseATopicThatLostLandedRecords() {
        assertThatThrownBy(() -> LandingPlan.of(state(Map.of(0, 101L), "id-1"), SNAPSHOT, false))
                .hasMessageContaining("ends at offset 100, but offsets up to 101 are already landed");
    }

    @Test
    void shouldRefuseATopicCreatedAgainUnderTheSameName() {
        assertThatThrownBy(() -> LandingPlan.of(state(Map.of(0, 10L), "id-0"), SNAPSHOT, false))
                .hasMessageContaining("deleted and created again (topic id id-0 is now id-1)");
    }

    @Test
    void shouldRefuseAPartitionTheTopicNoLongerHas() {
        assertThatThrownBy(() -> LandingPlan.of(state(Map.of(7, 10L), "id-1"), SNAPSHOT, false))
                .hasMessageContaining("partition 7");
    }

    private static LandingOffsets state(Map<Integer, Long> offsets, String topicId) {
        return new LandingOffsets(new TreeMap<>(offsets), Optional.of(topicId));
    }
}
