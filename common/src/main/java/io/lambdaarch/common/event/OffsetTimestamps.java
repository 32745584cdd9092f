package io.lambdaarch.common.event;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Parses {@code created_at} as {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} does, with a fast path for the shape
 * nearly every client sends ({@code 2026-11-26T09:00:00Z}, optional fraction, {@code Z} or {@code +HH:MM}). The
 * formatter's general machinery (a field map per parse, then a resolver) cost more than the rest of validation put
 * together; any other spelling goes to the formatter itself, so both paths accept and reject exactly the same text.
 */
final class OffsetTimestamps {
    private static final int[] NANOS_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
    private static final int SECONDS_END = 19;

    private OffsetTimestamps() {
    }

    /**
     * The instant with its offset.
     *
     * @throws java.time.DateTimeException if the text is not an ISO-8601 date-time with offset, or names a date or
     *     time that does not exist (strictly: no February 30, no hour 24, no second 60)
     */
    static OffsetDateTime parse(String text) {
        OffsetDateTime fast = parseCommonShape(text);
        return fast != null ? fast : OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    /** Null when the text is not in the common shape; fields out of range throw as {@code OffsetDateTime.of} does. */
    // Visible for testing
    static OffsetDateTime parseCommonShape(String text) {
        int length = text.length();
        if (length < SECONDS_END + 1 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int position = SECONDS_END;
        int nanos = 0;
        if (text.charAt(position) == '.') {
            int start = ++position;
            while (position < length && isDigit(text.charAt(position))) {
                position++;
            }
            int count = position - start;
            if (count < 1 || count >= NANOS_SCALE.length) {
                return null;
            }
            nanos = digits(text, start, count) * NANOS_SCALE[count];
        }
        ZoneOffset offset;
        if (position == length - 1 && text.charAt(position) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (position == length - 6 && (text.charAt(position) == '+' || text.charAt(position) == '-')
                && text.charAt(position + 3) == ':') {
            int hours = digits(text, position + 1, 2);
            int minutes = digits(text, position + 4, 2);
            if ((hours | minutes) < 0) {
                return null;
            }
            int sign = text.charAt(position) == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } else {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
    }

    /** The ASCII digits at {@code start..start+count} as a number, or -1 if any is not one. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
