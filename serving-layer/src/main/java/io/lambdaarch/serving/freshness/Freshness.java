package io.lambdaarch.serving.freshness;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The freshness block of every response: how far each layer has got, and whether the merged answer is complete.
 * Nullable components are unknown or not yet there (no recompute, no speed commit); {@code speedLagRecordsNote} says
 * how the records lag was computed, or why it is unknown.
 *
 * @param asOf when this report was made
 * @param batchCutoff the cutoff of the latest successful recompute: batch_view counts events ingested before it
 * @param batchRunId the run id of that recompute
 * @param batchFinishedAt when that recompute finished
 * @param speedLastCommit when the speed layer last applied a micro-batch
 * @param speedBatchId the Spark batch id of that micro-batch
 * @param speedMaxIngestTime the latest ingest time the speed layer had seen then
 * @param speedOldestBucket the oldest ingest bucket the speed layer holds
 * @param speedLagSeconds seconds from {@code speedMaxIngestTime} to {@code asOf}
 * @param speedLagRecords records in Kafka that the speed layer has not consumed
 * @param speedLagRecordsNote how {@code speedLagRecords} was measured, or why it is null
 * @param complete false when events may be missing from the answer (see {@code completeReason})
 * @param completeReason why the answer is or is not complete
 */
public record Freshness(
        Instant asOf,
        Instant batchCutoff,
        String batchRunId,
        Instant batchFinishedAt,
        Instant speedLastCommit,
        Long speedBatchId,
        Instant speedMaxIngestTime,
        Instant speedOldestBucket,
        Double speedLagSeconds,
        Long speedLagRecords,
        String speedLagRecordsNote,
        boolean complete,
        String completeReason) {
    public Freshness {
        requireNonNull(asOf, "asOf is null");
        requireNonNull(speedLagRecordsNote, "speedLagRecordsNote is null");
        requireNonNull(completeReason, "completeReason is null");
    }

    /** This block with {@code complete} false and {@code reason} added to why (a view not yet whole). */
    public Freshness incomplete(String reason) {
        String why = complete ? reason : completeReason + "; " + reason;
        return new Freshness(asOf, batchCutoff, batchRunId, batchFinishedAt, speedLastCommit, speedBatchId,
                speedMaxIngestTime, speedOldestBucket, speedLagSeconds, speedLagRecords, speedLagRecordsNote, false, why);
    }
}
