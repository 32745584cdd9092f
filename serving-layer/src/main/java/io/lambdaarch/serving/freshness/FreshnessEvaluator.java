package io.lambdaarch.serving.freshness;

import io.lambdaarch.common.ledger.LedgerTables;
import io.lambdaarch.serving.kafka.OffsetsState;
import io.lambdaarch.serving.kafka.TopicOffsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the layers' bookkeeping into the freshness block. Pure: the same inputs give the same report.
 *
 * <p>Completeness (docs/design.md#the-boundary-rule): batch_view covers ingest times before the cutoff, the speed layer covers its
 * buckets from the oldest one it holds. The answer has a gap, and is not complete, when that oldest bucket is newer
 * than the cutoff. The oldest bucket is {@code retained_from} of the latest speed commit when the speed layer records
 * it, else the oldest {@code ingest_bucket} in speed_view. Before the first recompute nothing proves that the speed
 * layer still holds every event ever ingested, so the answer is never called complete then. Nor is it while the speed
 * layer has dropped records behind its watermark in a bucket the cutoff has not passed: speed_view is short there
 * until the batch view takes the bucket over.
 */
public final class FreshnessEvaluator {
    /** The column the lag in records is measured from, as the explanations name it. */
    private static final String NEXT_OFFSETS = LedgerTables.unqualified().speedCommits() + ".next_offsets";
    /** Where the speed layer records the buckets it dropped late records in, as the explanations name it. */
    private static final String LATE_ROWS = LedgerTables.unqualified().speedLateRows();

    private FreshnessEvaluator() {
    }

    public static Freshness evaluate(WarehouseFreshness warehouse, OffsetsState offsets, Instant now) {
        Optional<LatestBatchRun> batch = warehouse.batch();
        Optional<LatestSpeedCommit> speed = warehouse.speed();
        Optional<Instant> oldestBucket = speed.flatMap(LatestSpeedCommit::retainedFrom).or(warehouse::oldestSpeedBucket);
        Completeness completeness = completeness(batch.map(LatestBatchRun::cutoff), oldestBucket, warehouse.newestLateBucket());
        LagRecords lag = lagRecords(speed, offsets);
        Double lagSeconds = speed.flatMap(LatestSpeedCommit::maxIngestTime)
                .map(maxIngest -> Math.max(0, Duration.between(maxIngest, now).toMillis()) / 1000.0)
                .orElse(null);
        return new Freshness(
                now,
                batch.map(LatestBatchRun::cutoff).orElse(null),
                batch.map(LatestBatchRun::runId).orElse(null),
                batch.map(LatestBatchRun::finishedAt).orElse(null),
                speed.map(LatestSpeedCommit::committedAt).orElse(null),
                speed.map(LatestSpeedCommit::batchId).orElse(null),
                speed.flatMap(LatestSpeedCommit::maxIngestTime).orElse(null),
                oldestBucket.orElse(null),
                lagSeconds,
                lag.records(),
                lag.note(),
                completeness.complete(),
                completeness.reason());
    }

    private record Completeness(boolean complete, String reason) {
    }

    private record LagRecords(Long records, String note) {
    }

    private static Completeness completeness(Optional<Instant> cutoff, Optional<Instant> oldestBucket,
            Optional<Instant> newestLateBucket) {
        Completeness spans = spans(cutoff, oldestBucket);
        if (spans.complete() && newestLateBucket.isPresent() && !newestLateBucket.get().isBefore(cutoff.orElseThrow())) {
            return new Completeness(false, "short: the speed layer dropped records that reached it behind its watermark"
                    + " in ingest buckets up to " + newestLateBucket.get() + " (" + LATE_ROWS + "), which the batch cutoff "
                    + cutoff.get() + " has not passed yet; they are counted once a recompute moves the cutoff past them");
        }
        return spans;
    }

    private static Completeness spans(Optional<Instant> cutoff, Optional<Instant> oldestBucket) {
        if (cutoff.isEmpty()) {
            if (oldestBucket.isEmpty()) {
                return new Completeness(false, "no batch recompute has run and the speed layer holds no buckets yet");
            }
            return new Completeness(false, "no batch recompute has run yet: events ingested before the speed layer's"
                    + " oldest bucket " + oldestBucket.get() + " may be missing");
        }
        if (oldestBucket.isEmpty()) {
            return new Completeness(true, "the batch view covers every event ingested before the cutoff "
                    + cutoff.get() + "; the speed layer holds no buckets yet");
        }
        if (oldestBucket.get().isAfter(cutoff.get())) {
            return new Completeness(false, "gap: the speed layer's oldest bucket " + oldestBucket.get()
                    + " is newer than the batch cutoff " + cutoff.get() + ", so events ingested between them are"
                    + " counted by neither layer until the next recompute");
        }
        return new Completeness(true, "the speed layer's oldest bucket " + oldestBucket.get()
                + " is not newer than the batch cutoff " + cutoff.get());
    }

    private static LagRecords lagRecords(Optional<LatestSpeedCommit> speed, OffsetsState state) {
        if (state.offsets().isEmpty()) {
            return new LagRecords(null, state.unavailableReason());
        }
        TopicOffsets offsets = state.offsets().get();
        if (speed.isEmpty()) {
            return new LagRecords(null, "the speed layer has not committed a micro-batch yet");
        }
        Optional<String> nextOffsetsJson = speed.get().nextOffsets();
        if (nextOffsetsJson.isPresent()) {
            return exactLag(speed.get(), nextOffsetsJson.get(), offsets);
        }
        Optional<TopicOffsets.IngestedAfter> after = offsets.ingestedAfter();
        if (after.isEmpty()) {
            return new LagRecords(null, "the speed layer's latest commit records neither next_offsets nor"
                    + " max_ingest_time (or they have not been set against Kafka yet)");
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> partition : offsets.end().entrySet()) {
            long first = after.get().offsets().getOrDefault(partition.getKey(), partition.getValue());
            lag += Math.max(0, partition.getValue() - first);
        }
        return new LagRecords(lag, "estimated at " + offsets.fetchedAt() + ": records Kafka ingested after "
                + after.get().ingestTime() + ", the newest the speed layer had applied (its commits do not record"
                + " next_offsets)");
    }

    private static LagRecords exactLag(LatestSpeedCommit speed, String nextOffsetsJson, TopicOffsets offsets) {
        Map<Integer, Long> consumed;
        try {
            consumed = NextOffsets.parse(nextOffsetsJson);
        } catch (IllegalArgumentException e) {
            return new LagRecords(null, NEXT_OFFSETS + " of batch " + speed.batchId()
                    + " is unusable: " + e.getMessage());
        }
        long lag = 0;
        for (Map.Entry<Integer, Long> partition : offsets.end().entrySet()) {
            long earliest = offsets.earliest().get(partition.getKey());
            // Records deleted by Kafka's retention before the speed layer read them are lost, not lag.
            long next = Math.max(earliest, consumed.getOrDefault(partition.getKey(), earliest));
            lag += Math.max(0, partition.getValue() - next);
        }
        return new LagRecords(lag, "Kafka end offsets at " + offsets.fetchedAt()
                + " minus " + NEXT_OFFSETS + " of batch " + speed.batchId());
    }
}
