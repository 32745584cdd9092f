package io.lambdaarch.ingestion.replay;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.error.TerseException;
import io.lambdaarch.ingestion.source.EventSource;
import io.lambdaarch.ingestion.source.LineSplitter;
import io.lambdaarch.ingestion.source.LineSplitter.Line;
import io.lambdaarch.ingestion.source.RecordFormat;
import io.lambdaarch.ingestion.source.SourceRecord;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.zip.GZIPInputStream;

/**
 * Reads a JSON Lines file, plain or gzip (recognized by its magic bytes, whatever the name), one record per line.
 * Blank lines are skipped; every other line is handed over as it is, so a broken line reaches the DLQ byte for byte.
 * Origins are {@code file:line} with 1-based line numbers.
 */
public final class ReplaySource implements EventSource {
    /** The source's name. */
    public static final String NAME = "replay";

    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int GZIP_MAGIC = 0x8b1f;

    private final Path file;
    private final RecordFormat format;
    private final InputStream in;
    private final LineSplitter splitter;
    private final ArrayDeque<Line> lines = new ArrayDeque<>();
    private final byte[] chunk = new byte[CHUNK_BYTES];
    private long lineNumber;
    private boolean endOfFile;

    private ReplaySource(Path file, RecordFormat format, InputStream in, int maxRecordBytes) {
        this.file = file;
        this.format = format;
        this.in = in;
        this.splitter = new LineSplitter(maxRecordBytes);
    }

    /** Opens {@code file}; throws {@link TerseException} if it cannot be read. */
    public static ReplaySource open(Path file, RecordFormat format, int maxRecordBytes) {
        requireNonNull(file, "file is null");
        requireNonNull(format, "format is null");
        InputStream in = null;
        try {
            in = new BufferedInputStream(Files.newInputStream(file), CHUNK_BYTES);
            if (isGzip(in)) {
                in = new GZIPInputStream(in, CHUNK_BYTES);
            }
            return new ReplaySource(file, format, in, maxRecordBytes);
        } catch (NoSuchFileException e) {
            closeQuietly(in);
            throw new TerseException("Replay file " + file + " does not exist");
        } catch (IOException e) {
            closeQuietly(in);
            throw new TerseException("Cannot read replay file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RecordFormat format() {
        return format;
    }

    @Override
    public SourceRecord poll(Duration timeout) {
        while (true) {
            while (lines.isEmpty() && !endOfFile) {
                readChunk();
            }
            Line line = lines.poll();
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (!line.blank()) {
                return new SourceRecord(line.bytes(), file.getFileName() + ":" + lineNumber, line.length());
            }
        }
    }

    @Override
    public boolean exhausted() {
        return endOfFile && lines.isEmpty();
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    private void readChunk() {
        try {
            int read = in.read(chunk);
            if (read < 0) {
                endOfFile = true;
                splitter.finish(lines::add);
            } else {
                splitter.feed(chunk, 0, read, lines::add);
            }
        } catch (IOException e) {
            throw new TerseException(String.format("Cannot read replay file %s after line %d: %s", file, lineNumber, e.getMessage()), e);
        }
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first >= 0 && second >= 0 && (first | (second << 8)) == GZIP_MAGIC;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written, so nothing can be lost by ignoring this
        }
    }
}
