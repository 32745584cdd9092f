package io.lambdaarch.batch.landing;

import java.util.concurrent.atomic.LongAdder;

/** Running totals over every partition drain of a run, for progress lines; the drains add, one thread reads. */
final class DrainCounters {
    private final LongAdder records = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder kafkaBytes = new LongAdder();

    void add(long recordCount, long invalidCount, long bytes) {
        records.add(recordCount);
        invalid.add(invalidCount);
        kafkaBytes.add(bytes);
    }

    long records() {
        return records.sum();
    }

    long invalid() {
        return invalid.sum();
    }

    long kafkaBytes() {
        return kafkaBytes.sum();
    }
}
