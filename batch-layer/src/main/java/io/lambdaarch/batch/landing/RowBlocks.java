package io.lambdaarch.batch.landing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The bounded hand-off between the partition drains, which encode COPY rows, and the one thread that streams them
 * into the warehouse's COPY: whole CSV lines in blocks. A drain that gets ahead of the COPY waits for room, so memory
 * stays at a few blocks whatever the lag. Thread-safe.
 */
final class RowBlocks {
    /** A block of whole CSV lines: {@code length} bytes of {@code bytes}. */
    record Block(byte[] bytes, int length) {
    }

    /** How often a writer waiting for room checks whether the run stopped. */
    private static final long STOP_CHECK_MILLIS = 50;

    private final BlockingQueue<Block> queue;
    private final int blockBytes;
    private final LongAdder roomWaitNanos = new LongAdder();
    private volatile boolean stopped;

    RowBlocks(int blocks, int blockBytes) {
        this.queue = new ArrayBlockingQueue<>(blocks);
        this.blockBytes = blockBytes;
    }

    /** A writer for one drain thread, which fills blocks of this hand-off's size. */
    Writer writer() {
        return new Writer();
    }

    /**
     * Tells the drains the run stopped (it failed, or it is done): a writer waiting for room, and a drain at its next
     * record ({@link #stopped()}), give up. They are not interrupted: an interrupted Kafka consumer cannot close cleanly.
     */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** The next block, waiting up to {@code wait}; empty when none came. */
    Optional<Block> poll(Duration wait) throws InterruptedException {
        return Optional.ofNullable(queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
    }

    /** The next block if one is waiting. */
    Optional<Block> poll() {
        return Optional.ofNullable(queue.poll());
    }

    /** Time the writers spent waiting for room (the COPY behind the drains), summed over the writers. */
    long roomWaitNanos() {
        return roomWaitNanos.sum();
    }

    private void put(Block block) throws InterruptedException {
        if (queue.offer(block)) {
            return;
        }
        long started = System.nanoTime();
        try {
            while (!queue.offer(block, STOP_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                if (stopped) {
                    throw new CancellationException("landing stopped");
                }
            }
        } finally {
            roomWaitNanos.add(System.nanoTime() - started);
        }
    }

    /** Fills one block at a time with whole lines and hands it on when the next line would not fit. Not thread-safe. */
    final class Writer {
        private byte[] block = new byte[blockBytes];
        private int length;

        /** Appends one whole line; waits while the hand-off is full. */
        void append(byte[] line, int lineLength) throws InterruptedException {
            if (length + lineLength > block.length) {
                handOff();
                if (lineLength > block.length) {
                    put(new Block(Arrays.copyOf(line, lineLength), lineLength));
                    return;
                }
            }
            System.arraycopy(line, 0, block, length, lineLength);
            length += lineLength;
        }

        /** Hands on the lines appended so far, if any. */
        void handOff() throws InterruptedException {
            if (length > 0) {
                put(new Block(block, length));
                block = new byte[blockBytes];
                length = 0;
            }
        }
    }
}
