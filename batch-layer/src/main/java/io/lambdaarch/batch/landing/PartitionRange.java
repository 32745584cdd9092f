package io.lambdaarch.batch.landing;

/**
 * The offsets one run lands from a partition: {@code from} inclusive to {@code to} exclusive.
 *
 * @param partition the Kafka partition
 * @param from first offset to land (the stored next offset, or the log start for a new partition)
 * @param to the end offset captured when the run started
 */
public record PartitionRange(int partition, long from, long to) {
    public PartitionRange {
        if (from > to) {
            throw new IllegalArgumentException("from " + from + " is past to " + to + " in partition " + partition);
        }
    }

    /** Offsets in the range (an upper bound on records: transaction markers take offsets too). */
    public long offsets() {
        return to - from;
    }
}
