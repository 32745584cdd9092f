package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * One row of speed_view_starts: since when one speed job has aggregated one declared view, as that view is now
 * defined. A view declared when the job's checkpoint began has every ingest bucket the job has ({@code completeFrom}
 * empty). A view added to the views file later (or whose definition changed) starts at the checkpoint's offsets, so
 * its speed table misses the records read before: it holds ingest buckets in full only from {@code completeFrom} on,
 * and the serving layer answers {@code complete: false} for the earlier buckets it merges from the speed layer.
 *
 * @param queryName the key of one speed job's rows
 * @param viewName the declared view's name
 * @param fingerprint the view definition's fingerprint the speed table is written with
 * @param completeFrom the first ingest bucket the view's speed table holds in full; empty: every bucket the job has
 * @param batchId the micro-batch that started the view (committed in the same transaction)
 * @param recordedAt when that micro-batch committed
 */
public record SpeedViewStart(String queryName, String viewName, String fingerprint, Optional<Instant> completeFrom,
        long batchId, Instant recordedAt) {
    public SpeedViewStart {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(viewName, "viewName is null");
        requireNonNull(fingerprint, "fingerprint is null");
        requireNonNull(completeFrom, "completeFrom is null");
        requireNonNull(recordedAt, "recordedAt is null");
    }
}
