package io.lambdaarch.common.ledger;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * The row of speed_lease for one speed job name: which checkpoint writes speed_view, which running driver holds the
 * right to write, and the fencing epoch every micro-batch transaction checks. Taking the lease over bumps the epoch,
 * so a driver that lost it fails at its next commit instead of writing beside the new holder.
 *
 * @param queryName the key of one speed job's rows (speed_commits' query_name)
 * @param checkpoint the checkpoint location whose micro-batches speed_view holds
 * @param epoch the fencing epoch, bumped by every take-over
 * @param holder who holds the lease (host, process, Spark application), empty once released by a clean stop
 * @param acquiredAt when the holder took the lease
 * @param heartbeatAt the holder's latest sign of life (a heartbeat or a committed micro-batch)
 */
public record SpeedLease(String queryName, String checkpoint, long epoch, Optional<String> holder, Instant acquiredAt,
        Instant heartbeatAt) {
    public SpeedLease {
        requireNonNull(queryName, "queryName is null");
        requireNonNull(checkpoint, "checkpoint is null");
        requireNonNull(holder, "holder is null");
        requireNonNull(acquiredAt, "acquiredAt is null");
        requireNonNull(heartbeatAt, "heartbeatAt is null");
    }
}
