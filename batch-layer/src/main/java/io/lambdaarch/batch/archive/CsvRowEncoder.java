package io.lambdaarch.batch.archive;

import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.common.view.SourceField;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Encodes raw rows as PostgreSQL {@code COPY ... (FORMAT csv)} lines in the column order of
 * {@link ArchiveLines#RAW_BATCH_COLUMNS}. Text columns are always quoted (quotes doubled), so commas, quotes and line
 * breaks inside a location survive, and an empty string is never read as NULL. Landing encodes every valid record
 * with it once, straight into the bytes it streams to the COPY, so the encoder writes bytes, not strings.
 *
 * <p>Not thread-safe: it reuses one line buffer.
 */
public final class CsvRowEncoder {
    /** UTC wall-clock time with microseconds, what a TIMESTAMP column holds (for years the fast path does not write). */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private byte[] line = new byte[256];
    private int length;

    /** Encodes one line (with its newline); it is in {@link #bytes()} up to {@link #length()} until the next call. */
    public void encode(TweetEvent event, int partition, long offset, Instant ingestTime) {
        length = 0;
        ascii(event.id()).comma();
        timestamp(event.createdAt()).comma();
        quoted(event.location()).comma();
        number(event.followersCount()).comma();
        number(event.favoriteCount()).comma();
        number(event.retweetCount()).comma();
        number(partition).comma();
        number(offset).comma();
        timestamp(ingestTime).comma();
        // Unquoted and empty, an absent lang is NULL (views read it as und), as Redshift's COPY of a line without it.
        if (event.lang() != null) {
            quoted(SourceField.langValue(event.lang()));
        }
        put((byte) '\n');
    }

    /** Appends the line of {@code row} to {@code out}. */
    public void encode(RawRow row, OutputStream out) throws IOException {
        encode(row.event(), row.partition(), row.offset(), row.ingestTime());
        out.write(line, 0, length);
    }

    public byte[] bytes() {
        return line;
    }

    public int length() {
        return length;
    }

    private CsvRowEncoder comma() {
        return put((byte) ',');
    }

    private CsvRowEncoder put(byte b) {
        if (length == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[length++] = b;
        return this;
    }

    private CsvRowEncoder ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            put((byte) text.charAt(i));
        }
        return this;
    }

    private CsvRowEncoder number(long value) {
        return ascii(Long.toString(value));
    }

    private CsvRowEncoder digits(int value, int width) {
        for (int divisor = (int) Math.pow(10, width - 1); divisor > 0; divisor /= 10) {
            put((byte) ('0' + value / divisor % 10));
        }
        return this;
    }

    private CsvRowEncoder timestamp(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            return ascii(TIMESTAMP.format(utc));
        }
        digits(utc.getYear(), 4).put((byte) '-').digits(utc.getMonthValue(), 2).put((byte) '-').digits(utc.getDayOfMonth(), 2);
        put((byte) ' ').digits(utc.getHour(), 2).put((byte) ':').digits(utc.getMinute(), 2).put((byte) ':');
        // Truncated to microseconds, as the pattern above and the TIMESTAMP column do.
        return digits(utc.getSecond(), 2).put((byte) '.').digits(utc.getNano() / 1000, 6);
    }

    private CsvRowEncoder quoted(String text) {
        put((byte) '"');
        // UTF-8 never puts the byte of '"' inside a multi-byte character, so doubling bytes is doubling characters.
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b == '"') {
                put(b);
            }
            put(b);
        }
        return put((byte) '"');
    }
}
