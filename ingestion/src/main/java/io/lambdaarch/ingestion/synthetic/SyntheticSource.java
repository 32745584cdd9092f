package io.lambdaarch.ingestion.synthetic;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands over the records of a synthetic workload in order, from record 0.
 *
 * <p>The records are computed ahead on a thread of their own, in chunks, while the ingestor validates and sends the
 * ones before: computing a record was a third of the ingestor's thread when it did both (docs/ingestion.md). A record
 * computed ahead but never polled is not lost: the workload is a pure function, and such a record was never handed over.
 */
public final class SyntheticSource implements EventSource {
    /** The source's name, also the {@code source} field of its events. */
    public static final String NAME = "synthetic";

    /** Records per chunk: one queue hand-over per chunk keeps the hand-over cost out of the per-record budget. */
    static final int CHUNK = 512;
    /** Chunks computed ahead at most: a bound on the memory and on the work done for records never polled. */
    private static final int CHUNKS_AHEAD = 8;

    private final SyntheticGenerator generator;
    private final BlockingQueue<SourceRecord[]> ahead = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
    private Thread computer;
    private volatile RuntimeException failure;
    private SourceRecord[] chunk;
    private int inChunk;
    private long next;

    public SyntheticSource(SyntheticGenerator generator) {
        this.generator = requireNonNull(generator, "generator is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordFormat format() {
        return RecordFormat.EVENT;
    }

    @Override
    public SourceRecord poll(Duration timeout) throws InterruptedException {
        if (exhausted()) {
            return null;
        }
        if (chunk == null || inChunk == chunk.length) {
            startComputing();
            chunk = ahead.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            inChunk = 0;
            if (chunk == null) {
                if (failure != null) {
                    throw failure;
                }
                return null;
            }
        }
        next++;
        SourceRecord record = chunk[inChunk];
        chunk[inChunk++] = null;
        return record;
    }

    @Override
    public boolean exhausted() {
        return next >= SyntheticGenerator.MAX_RECORDS;
    }

    @Override
    public synchronized void close() {
        if (computer != null) {
            computer.interrupt();
        }
    }

    private synchronized void startComputing() {
        if (computer != null) {
            return;
        }
        computer = new Thread(this::compute, "synthetic-source");
        computer.setDaemon(true);
        computer.start();
    }

    /** Computes chunk after chunk from record 0 until the last record or until closed. */
    private void compute() {
        try {
            for (long start = 0; start < SyntheticGenerator.MAX_RECORDS; start += CHUNK) {
                int size = (int) Math.min(CHUNK, SyntheticGenerator.MAX_RECORDS - start);
                SourceRecord[] records = new SourceRecord[size];
                for (int i = 0; i < size; i++) {
                    long index = start + i;
                    records[i] = new SourceRecord(generator.json(index), NAME + "#" + index);
                }
                ahead.put(records);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (RuntimeException e) {
            failure = e;
        }
    }
}
