package io.lambdaarch.batch.archive;

import io.lambdaarch.common.event.TweetEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Encodes raw rows as PostgreSQL {@code COPY ... (FORMAT csv)} lines in the column order of
 * {@link ArchiveLines#RAW_BATCH_COLUMNS}. Text columns are always quoted (quotes
 * doubled), so commas, quotes and line breaks inside a location survive, and an empty string is never read as NULL.
 */
public final class CsvRowEncoder {
    /** UTC wall-clock time with microseconds, what a TIMESTAMP column holds. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");

    private CsvRowEncoder() {
    }

    /** Appends one CSV line (with its newline) for {@code row} to {@code out}. */
    public static void encode(RawRow row, OutputStream out) throws IOException {
        TweetEvent event = row.event();
        StringBuilder line = new StringBuilder(128);
        line.append(event.id()).append(',');
        line.append(timestamp(event.createdAt())).append(',');
        quoted(line, event.location()).append(',');
        line.append(event.followersCount()).append(',');
        line.append(event.favoriteCount()).append(',');
        line.append(event.retweetCount()).append(',');
        line.append(row.partition()).append(',');
        line.append(row.offset()).append(',');
        line.append(timestamp(row.ingestTime())).append('\n');
        out.write(line.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String timestamp(Instant instant) {
        return TIMESTAMP.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    private static StringBuilder quoted(StringBuilder line, String text) {
        line.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                line.append('"');
            }
            line.append(c);
        }
        return line.append('"');
    }
}
