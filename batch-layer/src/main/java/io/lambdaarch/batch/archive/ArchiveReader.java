package io.lambdaarch.batch.archive;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.batch.s3.ArchiveStore;
import io.lambdaarch.common.error.TerseException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Streams the rows of raw archive files: S3 object, gunzip, one line at a time. Memory holds one line (bounded)
 * and the stream buffers, never a file. Not thread-safe.
 */
public final class ArchiveReader {
    /** Longest line accepted; a longer one means a damaged file, not an event (Kafka's default limit is 1 MiB). */
    private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;
    private static final int BUFFER = 64 * 1024;

    /** Receives each row of a file, in file order. */
    @FunctionalInterface
    public interface RowHandler {
        void handle(RawRow row) throws Exception;
    }

    private final ArchiveStore store;
    private final ArchiveLines lines = new ArchiveLines();
    private final byte[] buffer = new byte[BUFFER];
    private int bufferPosition;
    private int bufferLimit;
    private byte[] line = new byte[8 * 1024];

    public ArchiveReader(ArchiveStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    /** Hands every row of the raw file {@code key} to {@code handler}; returns the number of rows. */
    public long readRaw(String key, RowHandler handler) throws Exception {
        long rows = 0;
        bufferPosition = 0;
        bufferLimit = 0;
        try (InputStream in = new GZIPInputStream(store.open(key), BUFFER)) {
            int length;
            long lineNumber = 0;
            while ((length = nextLine(in)) >= 0) {
                lineNumber++;
                if (length == 0) {
                    continue;
                }
                RawRow row;
                try {
                    row = lines.readRaw(line, length);
                } catch (IllegalArgumentException e) {
                    throw new TerseException("Archive file " + store.url(key) + " line " + lineNumber + " is damaged: " + e.getMessage(), e);
                }
                handler.handle(row);
                rows++;
            }
        } catch (IOException e) {
            throw new TerseException("Cannot read archive file " + store.url(key) + ": " + e.getMessage(), e);
        }
        return rows;
    }

    /** Reads the next line into {@link #line} and returns its length without the newline, or -1 at the end. */
    private int nextLine(InputStream in) throws IOException {
        int length = 0;
        while (true) {
            if (bufferPosition == bufferLimit) {
                bufferLimit = in.read(buffer, 0, buffer.length);
                bufferPosition = 0;
                if (bufferLimit < 0) {
                    bufferLimit = 0;
                    return length == 0 ? -1 : length;
                }
            }
            int start = bufferPosition;
            while (bufferPosition < bufferLimit && buffer[bufferPosition] != '\n') {
                bufferPosition++;
            }
            int chunk = bufferPosition - start;
            if (length + chunk > line.length) {
                if (length + chunk > MAX_LINE_BYTES) {
                    throw new IOException("a line is longer than " + MAX_LINE_BYTES + " bytes");
                }
                line = Arrays.copyOf(line, Math.min(Math.max(line.length * 2, length + chunk), MAX_LINE_BYTES));
            }
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
            if (bufferPosition < bufferLimit) {
                bufferPosition++;
                return length;
            }
        }
    }
}
