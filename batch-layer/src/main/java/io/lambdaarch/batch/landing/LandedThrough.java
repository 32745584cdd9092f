package io.lambdaarch.batch.landing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Computes {@code landed_through} (docs/design.md#the-boundary-rule): an ingest time before which every record of every partition
 * is in raw_batch. docs/batch-layer.md explains the argument; in short:
 *
 * <ul>
 *   <li>A run lands every partition up to the end offset E captured at time C. Any record at or past E was not
 *       visible at C, so the broker stamped it after C, or shortly before C while it was still being replicated
 *       (stamped, not yet below the high watermark).
 *   <li>So every record stamped before {@code brokerClock(C) - margin} is below E, hence landed, in every partition:
 *       an idle or fully drained partition does not hold the value back, it is a property of time, not of data.
 *   <li>{@code brokerClock(C)} is read from the broker's own stamps when possible: a probe record written before C
 *       (exact), and the newest ingest time landed in this run (a lower bound, since that record was visible at C).
 *       Without a probe the job's clock at C also counts; the margin must then cover the skew between the clocks.
 *   <li>The value never moves backwards: what was landed stays landed.
 * </ul>
 */
public final class LandedThrough {
    private LandedThrough() {
    }

    /**
     * @param previous landed_through of the latest committed run, if any
     * @param probe the broker's time read by a probe record just before the end offsets were captured, if configured
     * @param jobClockAtCapture the job's clock just before the end offsets were captured
     * @param newestLanded the newest ingest time among the records this run landed, if it landed any
     * @param margin skew and in-flight allowance
     */
    public static Instant compute(Optional<Instant> previous, Optional<Instant> probe, Instant jobClockAtCapture,
            Optional<Instant> newestLanded, Duration margin) {
        Instant brokerLowerBound = max(probe, newestLanded).orElse(Instant.EPOCH);
        // With a probe the broker's own clock is known; the job's clock, which may run ahead of it, is not needed.
        Instant reference = probe.isPresent() ? brokerLowerBound : latest(brokerLowerBound, jobClockAtCapture);
        // Kafka stamps milliseconds; truncating moves the value earlier, which is always safe.
        Instant candidate = reference.minus(margin).truncatedTo(ChronoUnit.MILLIS);
        return previous.map(p -> latest(p, candidate)).orElse(candidate);
    }

    private static Optional<Instant> max(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(latest(a.get(), b.get()));
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
