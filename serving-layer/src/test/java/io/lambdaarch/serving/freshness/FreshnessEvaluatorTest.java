package io.lambdaarch.serving.freshness;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.serving.kafka.OffsetsState;
import io.lambdaarch.serving.kafka.TopicOffsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreshnessEvaluatorTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:30Z");
    private static final Instant CUTOFF = Instant.parse("2026-11-26T10:00:00Z");
    private static final LatestBatchRun RUN = new LatestBatchRun("run-7", Instant.parse("2026-11-26T10:05:00Z"), CUTOFF);
    private static final OffsetsState NO_KAFKA = OffsetsState.unknown("Kafka is not configured");

    private static LatestSpeedCommit commit(Instant retainedFrom, String nextOffsets) {
        return new LatestSpeedCommit("speed", 41, Instant.parse("2026-11-26T12:00:10Z"),
                Optional.of(Instant.parse("2026-11-26T12:00:05Z")), Optional.ofNullable(retainedFrom),
                Optional.ofNullable(nextOffsets));
    }

    private static Freshness evaluate(Optional<LatestBatchRun> run, Optional<LatestSpeedCommit> commit,
            Optional<Instant> oldestBucket, OffsetsState offsets) {
        return FreshnessEvaluator.evaluate(new WarehouseFreshness(run, commit, oldestBucket), offsets, NOW);
    }

    @Test
    void shouldBeCompleteWhenTheSpeedLayerReachesBackToTheCutoff() {
        Freshness freshness = evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF.minusSeconds(7200), null)),
                Optional.of(CUTOFF.minusSeconds(3600)), NO_KAFKA);

        assertThat(freshness.complete()).isTrue();
        assertThat(freshness.batchCutoff()).isEqualTo(CUTOFF);
        assertThat(freshness.batchRunId()).isEqualTo("run-7");
        assertThat(freshness.batchFinishedAt()).isEqualTo(RUN.finishedAt());
        assertThat(freshness.speedLastCommit()).isEqualTo(Instant.parse("2026-11-26T12:00:10Z"));
        assertThat(freshness.speedBatchId()).isEqualTo(41L);
        // retained_from wins over the oldest row when the speed layer records it
        assertThat(freshness.speedOldestBucket()).isEqualTo(CUTOFF.minusSeconds(7200));
        assertThat(freshness.speedLagSeconds()).isEqualTo(25.0);
        assertThat(freshness.asOf()).isEqualTo(NOW);
    }

    @Test
    void shouldBeCompleteWhenTheOldestBucketIsTheCutoff() {
        assertThat(evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, null)), Optional.empty(), NO_KAFKA).complete())
                .isTrue();
    }

    @Test
    void shouldReportAGapWhenTheOldestRetainedBucketIsNewerThanTheCutoff() {
        Freshness freshness = evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF.plusSeconds(3600), null)),
                Optional.of(CUTOFF.minusSeconds(3600)), NO_KAFKA);

        assertThat(freshness.complete()).isFalse();
        assertThat(freshness.completeReason()).startsWith("gap:").contains(CUTOFF.toString());
    }

    @Test
    void shouldNotBeCompleteWhileTheSpeedLayerDroppedLateRecordsInABucketTheCutoffHasNotPassed() {
        LatestSpeedCommit commit = commit(CUTOFF.minusSeconds(7200), null);
        Freshness atCutoff = FreshnessEvaluator.evaluate(new WarehouseFreshness(Optional.of(RUN), Optional.of(commit),
                Optional.empty(), Optional.of(CUTOFF)), NO_KAFKA, NOW);
        Freshness passed = FreshnessEvaluator.evaluate(new WarehouseFreshness(Optional.of(RUN), Optional.of(commit),
                Optional.empty(), Optional.of(CUTOFF.minusSeconds(3600))), NO_KAFKA, NOW);

        assertThat(atCutoff.complete()).isFalse();
        assertThat(atCutoff.completeReason()).startsWith("short:").contains(CUTOFF.toString()).contains("speed_late_rows");
        // Once the cutoff is past the bucket, batch_view counts its records: complete again.
        assertThat(passed.complete()).isTrue();
    }

    @Test
    void shouldFallBackToTheOldestSpeedRowWithoutRetainedFrom() {
        Freshness gap = evaluate(Optional.of(RUN), Optional.of(commit(null, null)),
                Optional.of(CUTOFF.plusSeconds(60)), NO_KAFKA);
        Freshness covered = evaluate(Optional.of(RUN), Optional.of(commit(null, null)),
                Optional.of(CUTOFF.minusSeconds(60)), NO_KAFKA);

        assertThat(gap.complete()).isFalse();
        assertThat(gap.speedOldestBucket()).isEqualTo(CUTOFF.plusSeconds(60));
        assertThat(covered.complete()).isTrue();
    }

    @Test
    void shouldNeverCallTheAnswerCompleteBeforeTheFirstRecompute() {
        Freshness speedOnly = evaluate(Optional.empty(), Optional.of(commit(CUTOFF, null)), Optional.of(CUTOFF), NO_KAFKA);
        Freshness nothing = evaluate(Optional.empty(), Optional.empty(), Optional.empty(), NO_KAFKA);

        assertThat(speedOnly.complete()).isFalse();
        assertThat(speedOnly.completeReason()).contains("no batch recompute");
        assertThat(nothing.complete()).isFalse();
        assertThat(nothing.batchCutoff()).isNull();
        assertThat(nothing.speedLastCommit()).isNull();
        assertThat(nothing.speedLagSeconds()).isNull();
        assertThat(nothing.speedLagRecords()).isNull();
    }

    @Test
    void shouldBeCompleteWithABatchViewAndNoSpeedBucketsYet() {
        Freshness freshness = evaluate(Optional.of(RUN), Optional.empty(), Optional.empty(), NO_KAFKA);

        assertThat(freshness.complete()).isTrue();
        assertThat(freshness.speedOldestBucket()).isNull();
    }

    @Test
    void shouldMeasureTheRecordsLagFromEndOffsetsAndTheCommittedOffsets() {
        TopicOffsets offsets = new TopicOffsets(
                NOW, Map.of(0, 0L, 1, 5L, 2, 0L), Map.of(0, 100L, 1, 50L, 2, 30L), Optional.empty());
        // partition 1: the speed layer is behind the log start (retention deleted what it had not read): not lag;
        // partition 2: not in next_offsets, so nothing of it was consumed
        Freshness freshness = evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, "{\"0\": 90, \"1\": 2}")),
                Optional.empty(), OffsetsState.known(offsets));

        assertThat(freshness.speedLagRecords()).isEqualTo(10L + 45L + 30L);
        assertThat(freshness.speedLagRecordsNote()).contains("batch 41");
    }

    @Test
    void shouldNeverReportNegativeLag() {
        TopicOffsets stale = new TopicOffsets(NOW, Map.of(0, 0L), Map.of(0, 10L), Optional.empty());
        Freshness freshness = evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, "{\"0\":12}")), Optional.empty(),
                OffsetsState.known(stale));

        assertThat(freshness.speedLagRecords()).isZero();
    }

    @Test
    void shouldSayWhyTheRecordsLagIsUnknown() {
        TopicOffsets offsets = new TopicOffsets(NOW, Map.of(0, 0L), Map.of(0, 10L), Optional.empty());

        assertThat(evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, "{}")), Optional.empty(), NO_KAFKA))
                .extracting(Freshness::speedLagRecords, Freshness::speedLagRecordsNote)
                .containsExactly(null, "Kafka is not configured");
        assertThat(evaluate(Optional.of(RUN), Optional.empty(), Optional.empty(), OffsetsState.known(offsets)))
                .extracting(Freshness::speedLagRecords, Freshness::speedLagRecordsNote)
                .containsExactly(null, "the speed layer has not committed a micro-batch yet");
        assertThat(evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, null)), Optional.empty(), OffsetsState.known(offsets)))
                .extracting(Freshness::speedLagRecords, Freshness::speedLagRecordsNote)
                .containsExactly(null, "the speed layer's latest commit records neither next_offsets nor max_ingest_time"
                        + " (or they have not been set against Kafka yet)");
        assertThat(evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, "[1,2]")), Optional.empty(), OffsetsState.known(offsets)))
                .extracting(Freshness::speedLagRecords, Freshness::speedLagRecordsNote)
                .satisfies(values -> {
                    assertThat(values.get(0)).isNull();
                    assertThat((String) values.get(1)).contains("unusable", "not a JSON object");
                });
    }

    @Test
    void shouldNotReportNegativeLagSecondsWhenClocksDisagree() {
        LatestSpeedCommit fromTheFuture = new LatestSpeedCommit("speed", 1, NOW, Optional.of(NOW.plusSeconds(3)),
                Optional.empty(), Optional.empty());

        assertThat(evaluate(Optional.of(RUN), Optional.of(fromTheFuture), Optional.empty(), NO_KAFKA).speedLagSeconds())
                .isZero();
    }

    @Test
    void shouldEstimateTheRecordsLagFromTheIngestTimeTheSpeedLayerReachedWithoutNextOffsets() {
        Instant applied = Instant.parse("2026-11-26T12:00:05Z");
        TopicOffsets offsets = new TopicOffsets(NOW, Map.of(0, 0L, 1, 0L), Map.of(0, 100L, 1, 40L),
                Optional.of(new TopicOffsets.IngestedAfter(applied, Map.of(0, 93L, 1, 40L))));

        Freshness freshness = evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, null)), Optional.empty(),
                OffsetsState.known(offsets));

        assertThat(freshness.speedLagRecords()).isEqualTo(7L);
        assertThat(freshness.speedLagRecordsNote()).startsWith("estimated").contains(applied.toString());
    }

    @Test
    void shouldPreferTheCommittedOffsetsToTheEstimate() {
        TopicOffsets offsets = new TopicOffsets(NOW, Map.of(0, 0L), Map.of(0, 100L),
                Optional.of(new TopicOffsets.IngestedAfter(NOW, Map.of(0, 50L))));

        assertThat(evaluate(Optional.of(RUN), Optional.of(commit(CUTOFF, "{\"0\":80}")), Optional.empty(),
                OffsetsState.known(offsets)).speedLagRecords()).isEqualTo(20L);
    }
}
