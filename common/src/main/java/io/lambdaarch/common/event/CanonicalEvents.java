package io.lambdaarch.common.event;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Reads a record that is in the canonical form {@link EventJson} writes, or close to it, with a plain byte scanner: the
 * fields in their fixed order, the id digits without leading zeros (a string, or a number), {@code created_at} as
 * {@code YYYY-MM-DDTHH:MM:SS[.fraction]} with {@code Z} or an offset, counts as plain non-negative integers, a
 * location (or none; normalized as the general path normalizes it) and strings (escapes decoded as Jackson decodes
 * them). The synthetic source writes nothing else for its valid records but the twentieth with extra fields (a tenth
 * of them with the id as a number, a fifth with an offset, some with a location to normalize or none), and an
 * archive or a topic replayed holds only canonical records, so most records ingestion, batch and speed read take this
 * path; Jackson's streaming parser, the general path, was half of ingestion's CPU.
 *
 * <p>Returns the event only when every rule surely holds, and says whether the record is byte for byte the event's
 * canonical form (never when it holds an escape). For anything else (a field out of place or unknown, whitespace, a number that is not
 * plain, a date that does not exist, an instant out of range) it returns null and the validator takes the general
 * path, so this adds no rule and no reason of its own. {@code CanonicalEventsDifferentialTest} checks both paths
 * against each other on random, mutated and hostile records. The caller of {@link #read} must have checked the bytes
 * first ({@code EventValidator.checkBytes}: well-formed UTF-8, no zero byte), so a quote or backslash byte is always a
 * character of its own.
 */
final class CanonicalEvents {
    private static final byte[] START = ascii("{\"v\":1,\"id\":");
    private static final byte[] QUOTE = ascii("\"");
    private static final byte[] CREATED_AT = ascii(",\"created_at\":\"");
    private static final byte[] USER = ascii(",\"user\":{");
    private static final byte[] USER_ID = ascii("\"id\":\"");
    private static final byte[] FOLLOWERS = ascii("\"followers_count\":");
    private static final byte[] LOCATION = ascii(",\"location\":\"");
    private static final byte[] FAVORITES = ascii("},\"favorite_count\":");
    private static final byte[] RETWEETS = ascii(",\"retweet_count\":");
    private static final byte[] LANG = ascii(",\"lang\":\"");
    private static final byte[] TEXT = ascii(",\"text\":\"");
    private static final byte[] SOURCE = ascii(",\"source\":\"");
    private static final int MAX_ID_DIGITS = 19;
    private static final int MAX_COUNT_DIGITS = 19;
    private static final long SECONDS_PER_DAY = 86_400;
    /** {@code YYYY-MM-DDTHH:MM:SS}, the part of a canonical timestamp before the fraction. */
    private static final int SECONDS_LENGTH = 19;
    private static final int[] NANOS_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};
    private static final long EARLIEST_SECOND = EventValidator.EARLIEST_STORABLE.getEpochSecond();
    private static final long END_SECOND = EventValidator.END_OF_STORABLE.getEpochSecond();

    private static final byte[] UNKNOWN_LOCATION = ascii(",\"location\":\"" + LocationNormalizer.UNKNOWN + "\"");
    /** What {@link #string()} returns for a string it checked but was not asked to build. */
    private static final String NOT_BUILT = new String("not built");

    private final byte[] in;
    /** False when only the id is wanted: the other strings are checked but not built ({@link #forward}). */
    private final boolean build;
    private int at;
    /** Cleared when the record is valid but not its own canonical form (an id as a number, a timestamp not in UTC). */
    private boolean exact = true;
    /** Where the differences from the canonical form are, for {@link #forward}; -1 where there is none. */
    private int numberIdStart = -1;
    private int numberIdEnd = -1;
    private int timestampStart = -1;
    private int timestampEnd = -1;
    private boolean timestampExact = true;
    private int missingLocationAt = -1;
    private int locationStart = -1;
    private int locationEnd = -1;
    private byte[] normalLocation;
    /** What {@link #scan()} read; without {@link #build}, the strings but the id are {@link #NOT_BUILT}. */
    private String id;
    private Instant createdAt;
    private String userId;
    private long followers;
    private String location;
    private long favorites;
    private long retweets;
    private String lang;
    private String text;
    private String source;

    private CanonicalEvents(byte[] in, boolean build) {
        this.in = in;
        this.build = build;
    }

    /**
     * What the scanner made of one record.
     *
     * @param event the valid event
     * @param canonical true when the record is byte for byte the event's canonical form
     */
    record Scanned(TweetEvent event, boolean canonical) {
    }

    /**
     * The event {@code json} holds, when it is in canonical form or differs from it only by an id written as a number
     * or a timestamp with an offset or a longer fraction (the synthetic source writes a tenth and a fifth of its
     * records so); null for anything else.
     */
    static Scanned read(byte[] json) {
        CanonicalEvents reader = new CanonicalEvents(json, true);
        TweetEvent event = reader.event();
        return event == null ? null : new Scanned(event, reader.exact);
    }

    /**
     * The valid event's id and canonical bytes, for a forwarder that needs nothing else: {@code json} itself when it is
     * canonical, else {@code json} with its few differences from the canonical form replaced (an id written as a
     * number quoted, a timestamp written again by {@link InstantText}, a location normalized or a missing one added), so
     * no other string of the record is decoded and encoded again. The same checks as {@link #read} run on every byte.
     * Null when {@link #read} would return null, and for a record with an escape (the canonical form may escape a
     * character otherwise), which the caller then reads with {@link #read}. Unlike {@link #read} it needs no check of
     * the bytes first: outside strings only the expected ASCII passes, and inside them it checks the UTF-8 itself
     * (a zero byte is a control character), so a record it takes is well-formed UTF-8 without a zero byte or a byte
     * order mark, and the whole-record pass of {@code EventValidator.checkBytes} is spared.
     */
    static EventValidator.Forward.Send forward(byte[] json) {
        CanonicalEvents reader = new CanonicalEvents(json, false);
        if (!reader.scan()) {
            return null;
        }
        return new EventValidator.Forward.Send(reader.id, reader.exact ? json : reader.canonicalBytes());
    }

    /** {@link #in} with the differences {@link #scan()} noted replaced by the canonical form's bytes. */
    private byte[] canonicalBytes() {
        byte[] timestamp = timestampExact ? null : InstantText.format(createdAt).getBytes(StandardCharsets.US_ASCII);
        int length = in.length + (numberIdStart < 0 ? 0 : 2)
                + (timestamp == null ? 0 : timestamp.length - (timestampEnd - timestampStart))
                + (missingLocationAt < 0 ? 0 : UNKNOWN_LOCATION.length)
                + (normalLocation == null ? 0 : normalLocation.length - (locationEnd - locationStart));
        Splice splice = new Splice(in, length);
        if (numberIdStart >= 0) {
            splice.replace(numberIdStart, numberIdStart, QUOTE);
            splice.replace(numberIdEnd, numberIdEnd, QUOTE);
        }
        if (timestamp != null) {
            splice.replace(timestampStart, timestampEnd, timestamp);
        }
        if (normalLocation != null) {
            splice.replace(locationStart, locationEnd, normalLocation);
        }
        if (missingLocationAt >= 0) {
            splice.replace(missingLocationAt, missingLocationAt, UNKNOWN_LOCATION);
        }
        return splice.finish();
    }

    /** A record's bytes copied with spans replaced, the spans given left to right. */
    private static final class Splice {
        private final byte[] in;
        private final byte[] out;
        private int from;
        private int to;

        Splice(byte[] in, int length) {
            this.in = in;
            this.out = new byte[length];
        }

        /** Copies the bytes up to {@code start}, then {@code with} in place of {@code [start, end)}. */
        void replace(int start, int end, byte[] with) {
            System.arraycopy(in, from, out, to, start - from);
            to += start - from;
            System.arraycopy(with, 0, out, to, with.length);
            to += with.length;
            from = end;
        }

        /** The spliced bytes, with the rest of the record copied. */
        byte[] finish() {
            System.arraycopy(in, from, out, to, in.length - from);
            return out;
        }
    }

    /** Reads the whole record into the fields below; false when the general path has to read it. */
    private boolean scan() {
        if (!skip(START)) {
            return false;
        }
        id = skip((byte) '"') ? id() : numberId();
        if (id == null || !skip(CREATED_AT)) {
            return false;
        }
        createdAt = instant();
        if (createdAt == null || !skip(USER)) {
            return false;
        }
        if (skip(USER_ID)) {
            userId = string();
            if (userId == null || !skip((byte) ',')) {
                return false;
            }
        }
        if (!skip(FOLLOWERS)) {
            return false;
        }
        followers = count();
        if (followers < 0) {
            return false;
        }
        if (skip(LOCATION)) {
            location = location();
            if (location == null) {
                return false;
            }
        } else {
            // No location: the canonical form writes the one the rules give it.
            location = LocationNormalizer.UNKNOWN;
            exact = false;
            missingLocationAt = at;
        }
        if (!skip(FAVORITES)) {
            return false;
        }
        favorites = count();
        if (favorites < 0 || !skip(RETWEETS)) {
            return false;
        }
        retweets = count();
        if (retweets < 0) {
            return false;
        }
        if (skip(LANG) && (lang = string()) == null) {
            return false;
        }
        if (skip(TEXT) && (text = string()) == null) {
            return false;
        }
        if (skip(SOURCE) && (source = string()) == null) {
            return false;
        }
        if (!skip((byte) '}') || at != in.length) {
            return false;
        }
        return true;
    }

    /** The event {@link #scan()} read, or null. */
    private TweetEvent event() {
        return scan() ? new TweetEvent(id, createdAt, userId, followers, location, favorites, retweets, lang, text, source)
                : null;
    }

    /**
     * The location up to its closing quote, normalized as the general path normalizes it (a change makes the record
     * inexact), or null where {@link #string()} would be. A plain ASCII one that is normal already is checked on its
     * bytes: no string is built for it when only the id is wanted.
     */
    private String location() {
        int start = at;
        boolean previousSpace = true;
        int i = start;
        while (i < in.length && i - start <= LocationNormalizer.MAX_CODE_POINTS) {
            byte b = in[i];
            if (b == '"') {
                if (build || previousSpace) {
                    break;
                }
                at = i + 1;
                return NOT_BUILT;
            }
            if (b == ' ') {
                if (previousSpace) {
                    break;
                }
                previousSpace = true;
            } else if (b > ' ' && b < 0x7F && b != '\\') {
                previousSpace = false;
            } else {
                break;
            }
            i++;
        }
        // Anything else (other characters, an escape, spaces to collapse, none at all): built and normalized as the
        // general path normalizes it.
        at = start;
        String raw;
        if (build) {
            raw = decoded();
        } else {
            raw = checked() == null ? null : new String(in, start, at - 1 - start, StandardCharsets.UTF_8);
        }
        if (raw == null) {
            return null;
        }
        String normal = LocationNormalizer.normalize(raw);
        if (!normal.equals(raw)) {
            exact = false;
            if (!build) {
                // The canonical form's bytes of it, which forward() puts in place of the record's.
                byte[] out = new byte[normal.length() * JsonStringBytes.MAX_BYTES_PER_CHAR];
                int length = JsonStringBytes.write(out, 0, normal, false);
                if (length == JsonStringBytes.UNPAIRED_SURROGATE) {
                    return null;
                }
                locationStart = start;
                locationEnd = at - 1;
                normalLocation = Arrays.copyOf(out, length);
            }
        }
        return normal;
    }

    /** The id's digits up to its closing quote: 1-19 of them, no leading zero but in "0" itself. */
    private String id() {
        String digits = digitsOfId();
        return digits != null && skip((byte) '"') ? digits : null;
    }

    /**
     * An id written as a JSON number: plain digits, at most 19 (JSON allows no leading zero, and a longer one is
     * over the rule's 19 digits), ending where the next field starts; the canonical form writes it as a string.
     */
    private String numberId() {
        exact = false;
        numberIdStart = at;
        String digits = digitsOfId();
        numberIdEnd = at;
        return digits != null && at < in.length && in[at] == ',' ? digits : null;
    }

    private String digitsOfId() {
        int start = at;
        while (at < in.length && isDigit(in[at])) {
            at++;
        }
        int length = at - start;
        if (length == 0 || length > MAX_ID_DIGITS || (in[start] == '0' && length > 1)) {
            return null;
        }
        return new String(in, start, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * The timestamp up to its closing quote, in the shape {@code YYYY-MM-DDTHH:MM:SS}, an optional fraction of 1-9
     * digits, then {@code Z} or {@code +HH:MM}/{@code -HH:MM}; in the storable years and truncated to microseconds, as
     * the general path does. Exact only as {@link InstantText} writes it: UTC, a fraction of 3 or 6 digits only when
     * it is not zero and only as long as needed.
     */
    private Instant instant() {
        int start = at;
        timestampStart = start;
        if (in.length - start < SECONDS_LENGTH + 2 || in[start + 4] != '-' || in[start + 7] != '-'
                || in[start + 10] != 'T' || in[start + 13] != ':' || in[start + 16] != ':') {
            return null;
        }
        int year = digits(start, 4);
        int month = digits(start + 5, 2);
        int day = digits(start + 8, 2);
        int hour = digits(start + 11, 2);
        int minute = digits(start + 14, 2);
        int second = digits(start + 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || year < 1 || month < 1 || month > 12 || day < 1
                || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        at = start + SECONDS_LENGTH;
        int nanos = 0;
        int fractionDigits = 0;
        if (in[at] == '.') {
            int fraction = at + 1;
            while (fraction + fractionDigits < in.length && isDigit(in[fraction + fractionDigits])) {
                fractionDigits++;
            }
            if (fractionDigits < 1 || fractionDigits >= NANOS_SCALE.length) {
                return null;
            }
            nanos = digits(fraction, fractionDigits) * NANOS_SCALE[fractionDigits];
            at = fraction + fractionDigits;
        }
        long offsetSeconds;
        if (skip((byte) 'Z')) {
            offsetSeconds = 0;
        } else {
            offsetSeconds = offset();
            if (offsetSeconds == Long.MIN_VALUE) {
                return null;
            }
            exact = false;
            timestampExact = false;
        }
        timestampEnd = at;
        if (!skip((byte) '"')) {
            return null;
        }
        // LocalDate.of rejects a day the month does not have, as the general path's parser does.
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochSecond = LocalDate.of(year, month, day).toEpochDay() * SECONDS_PER_DAY + hour * 3600L + minute * 60L
                + second - offsetSeconds;
        if (epochSecond < EARLIEST_SECOND || epochSecond >= END_SECOND) {
            return null;
        }
        // InstantText writes 3 digits for whole milliseconds, 6 for whole microseconds, none for whole seconds.
        int micros = nanos - nanos % 1_000;
        int canonicalDigits = micros == 0 ? 0 : micros % 1_000_000 == 0 ? 3 : 6;
        if (fractionDigits != canonicalDigits || micros != nanos) {
            exact = false;
            timestampExact = false;
        }
        return Instant.ofEpochSecond(epochSecond, micros);
    }

    /** {@code +HH:MM} or {@code -HH:MM} within the range of a zone offset (18 hours), in seconds; else Long.MIN_VALUE. */
    private long offset() {
        if (in.length - at < 6 || (in[at] != '+' && in[at] != '-') || in[at + 3] != ':') {
            return Long.MIN_VALUE;
        }
        int hours = digits(at + 1, 2);
        int minutes = digits(at + 4, 2);
        if ((hours | minutes) < 0 || minutes > 59 || hours > 18 || (hours == 18 && minutes > 0)) {
            return Long.MIN_VALUE;
        }
        long seconds = hours * 3600L + minutes * 60L;
        boolean negative = in[at] == '-';
        at += 6;
        return negative ? -seconds : seconds;
    }

    /** A count as plain digits (no sign, no leading zero, no fraction) that fits a long, or -1. */
    private long count() {
        int start = at;
        long value = 0;
        while (at < in.length && isDigit(in[at])) {
            int digit = in[at] - '0';
            if (at - start >= MAX_COUNT_DIGITS || value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
            at++;
        }
        int length = at - start;
        if (length == 0 || (in[start] == '0' && length > 1)) {
            return -1;
        }
        // A fraction or an exponent right after the digits makes it another number (the general path decides).
        if (at < in.length && (in[at] == '.' || in[at] == 'e' || in[at] == 'E')) {
            return -1;
        }
        return value;
    }

    /**
     * The string after an opening quote already skipped, up to and past its closing quote; null at a raw control
     * character (JSON forbids them) or an escape JSON does not have. A string with escapes is decoded as Jackson
     * decodes it and makes the record inexact: the canonical form writes most escaped characters raw (Jackson's
     * default generator, which the synthetic source uses, escapes emoji as surrogate pairs).
     */
    private String string() {
        return build ? decoded() : checked();
    }

    /** {@link #string()} when only the id is wanted: {@link #NOT_BUILT}, or null also at an escape (see {@link #forward}). */
    private String checked() {
        byte[] bytes = in;
        int i = at;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == '"') {
                at = i + 1;
                return NOT_BUILT;
            }
            if (b < 0) {
                // forward() runs before EventValidator.checkBytes, so the UTF-8 is checked here, where it can be wrong.
                i = Utf8.sequenceEnd(bytes, i);
                if (i < 0) {
                    return null;
                }
            } else if (b == '\\' || b < 0x20) {
                return null;
            } else {
                i++;
            }
        }
        return null;
    }

    /** {@link #string()} built. */
    private String decoded() {
        int start = at;
        byte[] bytes = in;
        for (int i = start; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '"') {
                at = i + 1;
                return new String(bytes, start, i - start, StandardCharsets.UTF_8);
            }
            if (b == '\\') {
                return escapedString(start, i);
            }
            if (b >= 0 && b < 0x20) {
                return null;
            }
        }
        return null;
    }

    /** The rest of {@link #string()} from the first backslash at {@code escape}. */
    private String escapedString(int start, int escape) {
        exact = false;
        byte[] bytes = in;
        StringBuilder out = new StringBuilder(escape - start + 32);
        int run = start;
        int i = escape;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == '"') {
                out.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
                at = i + 1;
                return out.toString();
            }
            if (b >= 0 && b < 0x20) {
                return null;
            }
            if (b != '\\') {
                i++;
                continue;
            }
            // Escapes are ASCII, so the run before one never ends inside a multi-byte sequence.
            out.append(new String(bytes, run, i - run, StandardCharsets.UTF_8));
            if (i + 1 >= bytes.length) {
                return null;
            }
            switch (bytes[i + 1]) {
                case '"' -> out.append('"');
                case '\\' -> out.append('\\');
                case '/' -> out.append('/');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int value = hex(i + 2);
                    if (value < 0) {
                        return null;
                    }
                    // Jackson keeps an unpaired surrogate as the char it names; the rules then see the same string.
                    out.append((char) value);
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
            i += 2;
            run = i;
        }
        return null;
    }

    /** The four hex digits at {@code start} as a char value, or -1. */
    private int hex(int start) {
        if (in.length - start < 4) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < start + 4; i++) {
            int digit = Character.digit(in[i], 16);
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private boolean skip(byte[] expected) {
        int length = expected.length;
        if (in.length - at < length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[at + i] != expected[i]) {
                return false;
            }
        }
        at += length;
        return true;
    }

    private boolean skip(byte expected) {
        if (at < in.length && in[at] == expected) {
            at++;
            return true;
        }
        return false;
    }

    /** The ASCII digits at {@code start..start+count} as a number, or -1 if any is not one. */
    private int digits(int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            if (!isDigit(in[i])) {
                return -1;
            }
            value = value * 10 + (in[i] - '0');
        }
        return value;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
