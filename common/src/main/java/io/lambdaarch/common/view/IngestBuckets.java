package io.lambdaarch.common.view;

import java.time.Duration;
import java.time.Instant;

/**
 * Flooring of ingest times to the bucket size B (docs/design.md#the-boundary-rule). Buckets are aligned to the Unix epoch, so
 * the batch cutoff and the speed layer's buckets line up for any B that divides a day or not.
 */
public final class IngestBuckets {
    private IngestBuckets() {
    }

    /** {@code floor(time, size)}: the start of the bucket that holds {@code time}. */
    public static Instant floor(Instant time, Duration size) {
        long sizeMicros = checkedMicros(size);
        long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000L);
        long floored = Math.floorDiv(micros, sizeMicros) * sizeMicros;
        return Instant.ofEpochSecond(Math.floorDiv(floored, 1_000_000L), Math.floorMod(floored, 1_000_000L) * 1_000L);
    }

    /** The bucket size in whole seconds, the unit the speed layer's Spark expression works in. */
    public static long sizeSeconds(Duration size) {
        checkedMicros(size);
        if (size.getNano() != 0) {
            throw new IllegalArgumentException("ingest bucket size must be whole seconds: " + size);
        }
        return size.getSeconds();
    }

    private static long checkedMicros(Duration size) {
        if (size.isNegative() || size.isZero()) {
            throw new IllegalArgumentException("ingest bucket size must be positive: " + size);
        }
        // Flooring works in microseconds; a finer size would be silently rounded (1500ns) or divide by zero (500ns).
        if (size.getNano() % 1_000 != 0) {
            throw new IllegalArgumentException("ingest bucket size must be whole microseconds: " + size);
        }
        return size.toNanos() / 1_000L;
    }
}
