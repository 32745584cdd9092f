package io.lambdaarch.ingestion.source;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines at {@code \n}, dropping a {@code \r} before it, and keeps memory bounded: a line
 * longer than {@code maxLineBytes} is delivered cut to that length with its full length, and the rest of it is
 * skipped rather than buffered. Used for JSON Lines files and for the X API stream.
 *
 * <p>Not thread-safe: one splitter per stream, fed from one thread at a time.
 */
public final class LineSplitter {
    /** One line without its line break; {@code bytes} holds at most the limit, {@code length} the real length. */
    public record Line(byte[] bytes, long length) {
        /** True if the line was longer than the limit. */
        public boolean truncated() {
            return length > bytes.length;
        }

        /** True for an empty line or one of spaces and tabs only (X sends a bare line break as keep-alive). */
        public boolean blank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return length == bytes.length;
        }
    }

    private final int maxLineBytes;
    private byte[] buffer = new byte[256];
    private int buffered;
    private long lineLength;
    private boolean pendingCarriageReturn;

    public LineSplitter(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Feeds {@code length} bytes from {@code bytes}, passing every line they complete to {@code lines}. */
    public void feed(byte[] bytes, int offset, int length, Consumer<Line> lines) {
        for (int i = offset; i < offset + length; i++) {
            accept(bytes[i], lines);
        }
    }

    /** Feeds the remaining bytes of {@code chunk}. */
    public void feed(ByteBuffer chunk, Consumer<Line> lines) {
        if (chunk.hasArray()) {
            int start = chunk.arrayOffset() + chunk.position();
            feed(chunk.array(), start, chunk.remaining(), lines);
            chunk.position(chunk.limit());
        } else {
            while (chunk.hasRemaining()) {
                accept(chunk.get(), lines);
            }
        }
    }

    /** Ends the stream: a last line without a line break is delivered too. */
    public void finish(Consumer<Line> lines) {
        // A lone \r at the very end is the rest of a CRLF line break whose \n never came.
        pendingCarriageReturn = false;
        if (lineLength > 0) {
            emit(lines);
        }
    }

    private void accept(byte b, Consumer<Line> lines) {
        if (b == '\n') {
            // A \r right before \n belongs to the line break, not to the line.
            pendingCarriageReturn = false;
            emit(lines);
            return;
        }
        if (pendingCarriageReturn) {
            append((byte) '\r');
            pendingCarriageReturn = false;
        }
        if (b == '\r') {
            pendingCarriageReturn = true;
            return;
        }
        append(b);
    }

    private void append(byte b) {
        lineLength++;
        if (buffered < maxLineBytes) {
            if (buffered == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(maxLineBytes, buffer.length * 2L));
            }
            buffer[buffered++] = b;
        }
    }

    private void emit(Consumer<Line> lines) {
        Line line = new Line(Arrays.copyOf(buffer, buffered), lineLength);
        buffered = 0;
        lineLength = 0;
        if (buffer.length > 64 * 1024) {
            // One huge line must not pin its buffer for the rest of the stream.
            buffer = new byte[256];
        }
        lines.accept(line);
    }
}
