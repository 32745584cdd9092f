package io.lambdaarch.ingestion;

/**
 * The ids seen most recently, for dropping repeats (docs/design.md#duplicates): a window of at most {@code capacity} ids,
 * the oldest forgotten first. Ids are canonical event ids (1-19 decimal digits, so they fit an unsigned 64-bit
 * number), kept as primitive longs in an open-addressing table plus a ring of insertion order: about 24 bytes per
 * id, 24 MB for the default million.
 *
 * <p>Not thread-safe: the ingestor's thread is its only user.
 */
public final class RecentIds {
    private static final long EMPTY = 0;

    private final int capacity;
    private final long[] order;
    private final long[] table;
    private final int mask;
    private final int shift;
    private int size;
    private int oldest;

    /** A window of {@code capacity} ids; 0 turns deduplication off (every id counts as new). */
    public RecentIds(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0: " + capacity);
        }
        this.capacity = capacity;
        this.order = new long[capacity];
        // At most half full, so probe runs stay short.
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        this.table = new long[capacity == 0 ? 0 : slots];
        this.mask = slots - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    /**
     * Remembers {@code canonicalId}; returns false if it is already in the window (a repeat). When the window is full,
     * the oldest id is forgotten to make room.
     */
    public boolean add(String canonicalId) {
        if (capacity == 0) {
            return true;
        }
        // +1 keeps 0 free as the empty marker; 10^19 - 1 + 1 still fits in an unsigned long.
        long key = Long.parseUnsignedLong(canonicalId) + 1;
        int slot = find(key);
        if (table[slot] == key) {
            return false;
        }
        if (size == capacity) {
            remove(order[oldest]);
            slot = find(key);
        } else {
            size++;
        }
        table[slot] = key;
        order[oldest] = key;
        oldest = (oldest + 1) % capacity;
        return true;
    }

    /** True if {@code canonicalId} is in the window. */
    public boolean contains(String canonicalId) {
        if (capacity == 0) {
            return false;
        }
        long key = Long.parseUnsignedLong(canonicalId) + 1;
        return table[find(key)] == key;
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int find(long key) {
        int slot = home(key);
        while (table[slot] != EMPTY && table[slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Linear-probing deletion by backward shift: no tombstones, so lookups never slow down over time. */
    private void remove(long key) {
        int slot = find(key);
        if (table[slot] != key) {
            return;
        }
        int hole = slot;
        int next = (hole + 1) & mask;
        while (table[next] != EMPTY) {
            int home = home(table[next]);
            // Move the entry back into the hole unless its home lies cyclically in (hole, next].
            boolean homeBetween = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
            if (!homeBetween) {
                table[hole] = table[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[hole] = EMPTY;
    }

    /** Fibonacci hashing: the top bits of key * 2^64/phi, so sequential ids spread over the whole table. */
    private int home(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }
}
