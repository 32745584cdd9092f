package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The validator's two paths, the byte scanner for records already in canonical form ({@link CanonicalEvents}) and
 * Jackson's streaming parser for everything else, must never disagree: for random canonical events, for every kind of
 * mutation of them and for hand-picked hostile records, {@code validate} (scanner first) gives exactly what the
 * streaming path alone gives (the same event, or the same reason and detail), and a record the scanner claims to be
 * canonical is byte for byte what {@link EventJson} writes for its event. The other way round, every valid record that
 * is its own canonical form and holds no escape must be taken by the scanner, or the fast path would be dead code.
 */
class CanonicalEventsDifferentialTest {
    private static final long SEED = 20261207L;
    private static final int RANDOM_EVENTS = 10_000;
    private static final int MUTATIONS_PER_EVENT = 6;
    /** Characters strings are made of: plain, those JSON escapes, non-ASCII of every UTF-8 length, pairs, odd spaces. */
    private static final int[] CODE_POINTS = {
        'a', 'Z', '0', ' ', ',', ':', '{', '}', '[', ']', '"', '\\', '/', '\n', '\t', '\r', 0x00, 0x01, 0x1F, 0x7F,
        0xA0, 0xE9, 0x3000, 0x2028, 0x2029, 0xFEFF, 0xFFFD, 0xFFFF, 0x1F600, 0x10FFFF, 0x85, 0x1680,
    };
    /** Fragments a mutation inserts: JSON structure, escapes of every kind, whitespace, number and timestamp parts. */
    private static final String[] FRAGMENTS = {
        " ", "\t", "\n", "\r\n", "\\", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\u0041", "\\u00e9", "\\u0000",
        "\\ud83d\\ude00", "\\ud800", "\\udc00", "\\uD83D", "\"", ",", ":", "{", "}", "[", "]", "-", "+", ".", ".0", ".5",
        "e3", "E-2", "0", "00", "9", "null", "true", "\"x\":1,", ",\"v\":1", ",\"id\":\"1\"", "\u00e9", "\ud83d\ude00",
        "Z", "+00:00", "-01:30", "T", ".000", ".123456789", "\u2028", "\u00a0",
    };
    /** Raw bytes a mutation writes: ill-formed UTF-8 (lone continuation, overlong, encoded surrogate), BOM, zero. */
    private static final byte[][] RAW_BYTES = {
        {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90,
            (byte) 0x80, (byte) 0x80}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {0}, {(byte) 0xC3},
    };

    private static final String[] NEAR_2_TO_THE_63 = {"9223372036854775806", "9223372036854775807", "9223372036854775808"};

    private final EventValidator validator = new EventValidator();
    private final EventJson eventJson = new EventJson();
    private final EventJson.Writer writer = eventJson.writer();

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {SEED, SEED + 1})
    void shouldAgreeOnRandomCanonicalEventsAndTheirMutations(long seed) {
        Random random = new Random(seed);
        int canonical = 0;
        int nearCanonical = 0;
        int checked = 0;
        for (int i = 0; i < RANDOM_EVENTS; i++) {
            TweetEvent event = randomEvent(random);
            byte[] json = eventJson.toBytes(event);
            if (Boolean.TRUE.equals(assertPathsAgree(json))) {
                canonical++;
            }
            if (Boolean.FALSE.equals(assertPathsAgree(nearCanonical(json, random)))) {
                nearCanonical++;
            }
            checked += 2;
            for (int m = 0; m < MUTATIONS_PER_EVENT; m++) {
                assertPathsAgree(mutate(json, random));
                checked++;
            }
        }
        // Most random events have no escaped character (a sixth of their strings do): the scanner must have taken them,
        // and their forms with a numeric id or an offset too.
        assertThat(canonical).isGreaterThan(RANDOM_EVENTS / 3);
        assertThat(nearCanonical).isGreaterThan(RANDOM_EVENTS / 4);
        assertThat(checked).isEqualTo(RANDOM_EVENTS * (2 + MUTATIONS_PER_EVENT));
    }

    static Stream<String> hostileRecords() {
        String base = "{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\",\"user\":{\"id\":\"42\",\"followers_count\":%s,"
                + "\"location\":\"%s\"},\"favorite_count\":%s,\"retweet_count\":1,\"lang\":\"de\",\"text\":\"%s\","
                + "\"source\":\"synthetic\"}";
        List<String> records = new ArrayList<>();
        for (String id : List.of("0", "00", "01", "1", "9223372036854775807", "9223372036854775808",
                "9999999999999999999", "10000000000000000000", "18446744073709551616", "", "1a", "-1", "+1", "\u0661")) {
            records.add(String.format(base, id, "2026-11-26T09:15:30Z", "1200", "Berlin", "3", "hi"));
        }
        for (String count : List.of("0", "00", "-0", "-1", "1.0", "1e2", "1E2", "0.5", "9223372036854775807",
                "9223372036854775808", "92233720368547758070", "18446744073709551615", "99999999999999999999", "\"3\"",
                "null", "true", "[]", "{}", "1 ", " 1", "1e-999999999", "1e999999999", "1E-2147483648", "0e-999999999",
                "1.5e-999999999", "922337e036854775806", "1163E5654470536", "-1e999999999999", "1e+18", "12.000",
                "9.223372036854775807e18", "9.223372036854775808e18")) {
            records.add(String.format(base, "7", "2026-11-26T09:15:30Z", count, "Berlin", "3", "hi"));
            records.add(String.format(base, "7", "2026-11-26T09:15:30Z", "1", "Berlin", count, "hi"));
        }
        for (String createdAt : List.of("0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                "9999-12-31T23:59:59.9999999Z", "2024-02-29T12:00:00Z", "2023-02-29T12:00:00Z", "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-26T24:00:00Z",
                "2026-11-26T23:60:00Z", "2026-11-26T23:59:60Z", "2026-11-26T09:15:30.000Z", "2026-11-26T09:15:30.100Z",
                "2026-11-26T09:15:30.1Z", "2026-11-26T09:15:30.10Z", "2026-11-26T09:15:30.100000Z",
                "2026-11-26T09:15:30.123456Z", "2026-11-26T09:15:30.123000Z", "2026-11-26T09:15:30.123456789Z",
                "2026-11-26T09:15:30.000001Z", "2026-11-26T09:15:30.Z", "2026-11-26T09:15:30+00:00",
                "2026-11-26T09:15:30-00:00", "2026-11-26T09:15:30+01:00", "2026-11-26T09:15:30z", "2026-11-26t09:15:30Z",
                "2026-11-26 09:15:30Z", "2026-11-26T09:15Z", "+2026-11-26T09:15:30Z", "12026-11-26T09:15:30Z",
                "2026-11-26T09:15:30ZZ", "2026-1a-26T09:15:30Z", "", "2026-11-26T09:15:30+18:00",
                "2026-11-26T09:15:30-18:00", "2026-11-26T09:15:30+18:01", "2026-11-26T09:15:30+19:00",
                "2026-11-26T09:15:30+01:60", "2026-11-26T09:15:30.5+01:00", "0001-01-01T00:30:00+01:00",
                "0001-01-01T00:30:00-01:00", "9999-12-31T23:30:00-01:00", "9999-12-31T23:30:00+01:00",
                "0000-12-31T23:30:00-01:00", "2024-02-29T00:00:00+00:00", "2026-11-26T09:15:30+0100")) {
            records.add(String.format(base, "7", createdAt, "1", "Berlin", "3", "hi"));
        }
        for (String location : List.of("unknown", "", " ", "Berlin ", " Berlin", "Ber  lin", "Ber\\tlin", "Ber\u00a0lin",
                "Ber\u3000lin", "Ber\u2028lin", "\u0085", "Ber\u007flin", "x".repeat(256), "x".repeat(257),
                "\ud83d\ude00".repeat(256), "\ud83d\ude00".repeat(129), "a \ud83d\ude00", "\\ud800", "\\u0041")) {
            records.add(String.format(base, "7", "2026-11-26T09:15:30Z", "1", location, "3", "hi"));
        }
        for (String text : List.of("", "\\\"", "\\\\", "\\/", "\\n", "\\u000a", "\\u000A", "\\u001f", "\\u0020",
                "\\ud83d\\ude00", "\\ud83d", "\\ude00\\ud83d", "\u00e9\u20ac\ud83d\ude00", "\u2028\u2029", "\u007f",
                "a\\u0000b", "\\x", "\\u12", "\t")) {
            records.add(String.format(base, "7", "2026-11-26T09:15:30Z", "1", "Berlin", "3", text));
        }
        String minimal = "{\"v\":1,\"id\":\"7\",\"created_at\":\"2026-11-26T09:15:30Z\",\"user\":{\"followers_count\":0,"
                + "\"location\":\"unknown\"},\"favorite_count\":0,\"retweet_count\":0}";
        records.addAll(List.of(minimal, minimal + " ", " " + minimal, minimal + "\n", minimal + "}", minimal + "{}",
                minimal.replace("{\"v\":1,", "{"), minimal.replace("\"v\":1", "\"v\":1.0"),
                minimal.replace("\"v\":1", "\"v\":2"), minimal.replace("\"v\":1", "\"v\":\"1\""),
                minimal.replace("\"id\":\"7\"", "\"id\":7"), minimal.replace("\"id\":\"7\"", "\"id\":\"7\",\"id\":\"8\""),
                minimal.substring(0, minimal.length() - 1) + ",\"lang\":null}",
                minimal.substring(0, minimal.length() - 1) + ",\"source\":\"a\",\"source\":\"b\"}",
                minimal.substring(0, minimal.length() - 1) + ",\"source\":\"a\",\"text\":\"b\"}",
                minimal.substring(0, minimal.length() - 1) + ",\"extra\":1}",
                minimal.replace("\"user\":{", "\"user\":{\"id\":\"\","),
                minimal.replace("\"user\":{", "\"user\":{\"id\":42,"),
                minimal.replace("\"user\":{", "\"user\":{\"id\":\"4\",\"id\":\"5\","),
                minimal.replace("\"location\":\"unknown\"", "\"location\":null"),
                minimal.replace(",\"location\":\"unknown\"", ""),
                minimal.replace("\"followers_count\":0,", ""),
                "[" + minimal + "]", "\"" + minimal + "\"", "{}", "", "{", "null", "1"));
        return records.stream();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("hostileRecords")
    void shouldAgreeOnHostileRecords(String record) {
        assertPathsAgree(record.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"80", "C0AF", "EDA080", "F4908080", "EFBBBF", "00", "C3", "F09F98", "FF"})
    void shouldAgreeOnIllFormedBytesInsideACanonicalRecord(String hex) {
        byte[] bad = HexFormat.of().parseHex(hex);
        byte[] json = eventJson.toBytes(RawRecord.COMPLETE_EVENT);
        for (int at = 0; at <= json.length; at++) {
            assertPathsAgree(insert(json, at, bad));
        }
    }

    /**
     * Asserts that both paths give the same result; returns what the scanner made of the record: null when it left it to
     * the general path, else whether it found it canonical.
     */
    private Boolean assertPathsAgree(byte[] json) {
        long started = System.nanoTime();
        ValidationResult.Invalid unreadable = EventValidator.checkBytes(json);
        ValidationResult expected = unreadable != null ? unreadable : validator.validateStreaming(json);
        EventValidator.Checked actual = validator.validateKeepingForm(json);
        String shown = new String(json, StandardCharsets.UTF_8);
        // A record of a few hundred bytes takes microseconds; ten seconds (on a machine under any load) means
        // work that grows with a number's value, as 1e-999999999 once did.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to validate %s", shown)
                .isLessThan(Duration.ofSeconds(10));
        CanonicalEvents.Scanned scanned = unreadable == null ? CanonicalEvents.read(json) : null;
        if (scanned != null) {
            assertThat(expected).as("scanned %s", shown).isEqualTo(new ValidationResult.Valid(scanned.event()));
            boolean isOwnCanonicalForm = Arrays.equals(eventJson.toBytes(scanned.event()), json);
            if (scanned.canonical() || !shown.contains("\\")) {
                // A record with an escape is never called canonical, even when it is (a newline in a text).
                assertThat(scanned.canonical()).as("scanned as canonical: %s", shown).isEqualTo(isOwnCanonicalForm);
            }
        }

        assertThat(actual.result()).as("result of %s", shown).isEqualTo(expected);
        assertThat(validator.validate(json)).as("validate(%s)", shown).isEqualTo(expected);
        if (expected instanceof ValidationResult.Valid valid) {
            byte[] written = eventJson.toBytes(valid.event());
            assertThat(eventJson.toBytes(((ValidationResult.Valid) actual.result()).event())).isEqualTo(written);
            boolean isOwnCanonicalForm = Arrays.equals(written, json);
            if (actual.canonical()) {
                assertThat(isOwnCanonicalForm).as("claimed canonical: %s", shown).isTrue();
            } else if (isOwnCanonicalForm && !shown.contains("\\")) {
                throw new AssertionError("canonical record without escapes not taken by the scanner: " + shown);
            }
        } else {
            assertThat(actual.canonical()).as("an invalid record is never canonical: %s", shown).isFalse();
        }
        assertForwardingAgrees(json, expected, shown);
        return scanned == null ? null : scanned.canonical();
    }

    /**
     * What ingestion sends ({@code validateForForwarding}, which reads most records without decoding their strings and
     * patches their bytes into the canonical form) is exactly the expected event's id and its canonical form as
     * {@link EventJson} writes it, or the same reason.
     */
    private void assertForwardingAgrees(byte[] json, ValidationResult expected, String shown) {
        EventValidator.Forward forward = validator.validateForForwarding(json, writer);
        if (expected instanceof ValidationResult.Valid valid) {
            assertThat(forward).as("forwarding %s", shown).isInstanceOfSatisfying(EventValidator.Forward.Send.class, send -> {
                assertThat(send.id()).isEqualTo(valid.event().id());
                assertThat(new String(send.canonical(), StandardCharsets.UTF_8)).as("canonical bytes of %s", shown)
                        .isEqualTo(new String(eventJson.toBytes(valid.event()), StandardCharsets.UTF_8));
                assertThat(send.canonical()).isEqualTo(eventJson.toBytes(valid.event()));
            });
        } else {
            assertThat(forward).as("forwarding %s", shown).isEqualTo(new EventValidator.Forward.Reject(
                    (ValidationResult.Invalid) expected));
        }
        // The forwarding scanner runs before the check of the bytes: it must never take ill-formed ones.
        if (CanonicalEvents.forward(json) != null) {
            assertThat(EventValidator.checkBytes(json)).as("bytes the scanner took for forwarding: %s", shown).isNull();
            assertThat(expected).as("scanned for forwarding: %s", shown).isInstanceOf(ValidationResult.Valid.class);
        }
    }

    private static TweetEvent randomEvent(Random random) {
        return new TweetEvent(
                randomId(random),
                randomInstant(random),
                random.nextInt(4) == 0 ? null : random.nextInt(3) == 0 ? randomString(random, 8) : randomId(random),
                randomCount(random),
                LocationNormalizer.normalize(random.nextInt(5) == 0 ? null : randomString(random, 300)),
                randomCount(random),
                randomCount(random),
                random.nextInt(4) == 0 ? null : randomString(random, 3),
                random.nextInt(4) == 0 ? null : randomString(random, 200),
                random.nextInt(4) == 0 ? null : randomString(random, 10));
    }

    private static String randomId(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "0";
            case 1 -> "9999999999999999999";
            case 2 -> NEAR_2_TO_THE_63[random.nextInt(NEAR_2_TO_THE_63.length)];
            default -> Long.toString(random.nextLong() & Long.MAX_VALUE);
        };
    }

    private static long randomCount(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE - random.nextInt(3);
            case 2 -> random.nextInt(10);
            default -> random.nextLong() & Long.MAX_VALUE >>> random.nextInt(63);
        };
    }

    /** Years 1-9999; whole seconds, milliseconds or microseconds (every layer keeps microseconds). */
    private static Instant randomInstant(Random random) {
        LocalDate date = LocalDate.ofEpochDay(LocalDate.of(1, 1, 1).toEpochDay()
                + Math.floorMod(random.nextLong(), LocalDate.of(9999, 12, 31).toEpochDay() - LocalDate.of(1, 1, 1).toEpochDay() + 1));
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1000) * 1_000;
        };
        return date.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(random.nextInt(86_400)).plusNanos(nanos);
    }

    /** Up to {@code maxLength} code points; one string in six holds a character the canonical form escapes. */
    private static String randomString(Random random, int maxLength) {
        boolean escaped = random.nextInt(6) == 0;
        int length = random.nextInt(maxLength + 1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int codePoint = CODE_POINTS[random.nextInt(CODE_POINTS.length)];
            if (!escaped && (codePoint < 0x20 || codePoint == '"' || codePoint == '\\')) {
                codePoint = 'a' + random.nextInt(26);
            }
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    private static final String[] OFFSETS = {"+00:00", "-00:00", "+01:00", "-05:30", "+14:00", "-12:00", "+18:00",
        "-18:00", "+18:01", "+19:00", "+01:60", "+1:00", "+0100", "+01"};
    private static final String[] FRACTIONS = {"", ".1", ".12", ".123", ".1234", ".123456", ".1234567", ".123456789",
        ".000", ".000000", ".000000001", ".999999999", ".0000001"};

    /** The same event written as a client might: the id as a number, the time with an offset or another fraction. */
    private static byte[] nearCanonical(byte[] json, Random random) {
        String text = new String(json, StandardCharsets.UTF_8);
        if (random.nextBoolean()) {
            text = text.replaceFirst("\"id\":\"([0-9]+)\"", "\"id\":$1");
        }
        String fraction = FRACTIONS[random.nextInt(FRACTIONS.length)];
        String zone = random.nextInt(4) == 0 ? "Z" : OFFSETS[random.nextInt(OFFSETS.length)];
        text = text.replaceFirst("(\"created_at\":\"[^.Z\"]+)(\\.[0-9]+)?Z\"", "$1" + fraction + zone + "\"");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Characters a byte is replaced with: digits and what JSON, numbers and timestamps are made of. */
    private static final String SIGNIFICANT = "0123456789\"\\{}:,.-+ZeE \t";

    private static byte[] mutate(byte[] json, Random random) {
        int at = random.nextInt(json.length + 1);
        return switch (random.nextInt(8)) {
            case 0 -> insert(json, at, FRAGMENTS[random.nextInt(FRAGMENTS.length)].getBytes(StandardCharsets.UTF_8));
            case 1 -> insert(json, at, RAW_BYTES[random.nextInt(RAW_BYTES.length)]);
            case 2 -> remove(json, at, 1 + random.nextInt(3));
            case 3 -> replaceByte(json, at, (byte) SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length())));
            case 4 -> replaceByte(json, at, (byte) random.nextInt(256));
            case 5 -> Arrays.copyOf(json, at);
            case 6 -> swapDigits(json, random);
            default -> {
                // Two mutations at once: the scanner must not be fooled by one undoing the other's shape.
                yield mutate(mutate(json, random), random);
            }
        };
    }

    private static byte[] insert(byte[] json, int at, byte[] fragment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + fragment.length);
        out.write(json, 0, at);
        out.write(fragment, 0, fragment.length);
        out.write(json, at, json.length - at);
        return out.toByteArray();
    }

    private static byte[] remove(byte[] json, int at, int count) {
        int end = Math.min(json.length, at + count);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length);
        out.write(json, 0, at);
        out.write(json, end, json.length - end);
        return out.toByteArray();
    }

    private static byte[] replaceByte(byte[] json, int at, byte value) {
        byte[] copy = json.clone();
        if (at < copy.length) {
            copy[at] = value;
        }
        return copy;
    }

    /** A digit made another digit: a number stays a number but may overflow, gain a leading zero or name no date. */
    private static byte[] swapDigits(byte[] json, Random random) {
        byte[] copy = json.clone();
        for (int tries = 0; tries < 20 && copy.length > 0; tries++) {
            int at = random.nextInt(copy.length);
            if (copy[at] >= '0' && copy[at] <= '9') {
                copy[at] = (byte) ('0' + random.nextInt(10));
                return copy;
            }
        }
        return copy;
    }
}
