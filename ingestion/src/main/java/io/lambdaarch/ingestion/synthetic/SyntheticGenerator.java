package io.lambdaarch.ingestion.synthetic;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lambdaarch.common.event.EventJson;
import io.lambdaarch.common.event.InstantText;
import io.lambdaarch.common.event.InvalidReason;
import io.lambdaarch.common.event.JsonStringBytes;
import io.lambdaarch.common.event.LocationNormalizer;
import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.ingestion.synthetic.SyntheticRecord.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * The synthetic workload as a pure function of {@link SyntheticWorkload}: {@link #record(long)} computes record
 * {@code n} directly (random access, no state), so any part of a workload can be regenerated, in parallel if need
 * be, and a verifier can recompute exactly what a run sent from the workload and the number of records read.
 *
 * <p>Shapes: users are drawn uniformly from {@value #USERS} synthetic users, each with a fixed location drawn by
 * Zipf's law from the {@link PlaceCatalog} and a log-normal follower count; favorites and retweets are heavy-tailed;
 * {@code created_at} follows the anchor, with a share of late events. Repeats copy a record at most
 * {@value #MAX_REPEAT_DISTANCE} positions back, well inside any ingestion dedupe window. Event ids are
 * {@code 10^18 + (seed mod 2^29) * 2^32 + index}: 19 digits, unique within a workload and across seeds below 2^29.
 *
 * <p>Thread-safe.
 */
public final class SyntheticGenerator {
    /** How many synthetic users post. */
    public static final int USERS = 1_000_000;
    /** Records past this index are not defined (the id scheme gives each seed 2^32 ids). */
    public static final long MAX_RECORDS = 1L << 32;
    /** Zipf exponent of location popularity. */
    public static final double LOCATION_EXPONENT = 1.1;
    static final int MAX_REPEAT_DISTANCE = 1_000;

    private static final long ID_BASE = 1_000_000_000_000_000_000L;
    private static final long SEED_SPACE = 1L << 29;
    private static final long USER_ID_BASE = 100_000_000L;
    private static final long MAX_JITTER_MILLIS = 10_000;
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long DECISION_SALT = 0x5DEECE66DL;
    private static final long CONTENT_SALT = 0x2545F4914F6CDD1DL;
    private static final long USER_SALT = 0x9E3779B97F4A7C15L;

    private static final String[] LANGS = {"en", "ja", "es", "pt", "ar", "in", "hi", "ko", "fr", "de", "tr", "th", "ru", "und"};
    private static final double[] LANG_WEIGHTS = {.40, .12, .10, .07, .05, .04, .03, .03, .03, .03, .03, .02, .02, .03};
    private static final ZoneOffset[] OFFSETS = {
        ZoneOffset.ofHours(1), ZoneOffset.ofHours(2), ZoneOffset.ofHours(-5), ZoneOffset.ofHours(-8),
        ZoneOffset.ofHoursMinutes(5, 30), ZoneOffset.ofHours(9), ZoneOffset.ofHours(-3), ZoneOffset.ofHoursMinutes(-9, -30)};
    private static final String[] WORDS = {
        "the", "a", "is", "this", "today", "just", "new", "love", "time", "people", "day", "good", "really", "game",
        "music", "watching", "coffee", "rain", "weekend", "finally", "match", "what", "why", "never", "again", "best",
        "city", "train", "late", "morning", "night", "happy", "tired", "lol", "omg", "wow", "thanks", "everyone",
        "hoy", "muito", "bom", "dia", "merci", "danke", "今日", "ありがとう", "😂", "🔥", "❤️", "🙏", "👀", "✨"};
    private static final String[] HASHTAGS = {"#lambda", "#kafka", "#WorldCup", "#news", "#music", "#Monday", "#日本", "#café"};
    // The X API's own style: always milliseconds, Z for UTC.
    private static final DateTimeFormatter CREATED_AT_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final String[] NOT_JSON = {
        "<html><body><h1>502 Bad Gateway</h1></body></html>", "tweet: hello world", "{'id': 1, 'created_at': 'now'}",
        "NaN", "{\"id\": \"1\",}", "\u00ef\u00bb\u00bf garbage"};

    private final SyntheticWorkload workload;
    private final PlaceCatalog places;
    private final ZipfDistribution locationRanks;
    // The canonical event's factory: supplementary characters (emoji) as raw 4-byte UTF-8, as EventBytes writes them.
    private final JsonFactory jsonFactory = EventJson.newJsonFactory();
    private final EventBytes eventBytes;

    /** A generator over the bundled place list. */
    public SyntheticGenerator(SyntheticWorkload workload) {
        this(workload, PlaceCatalog.bundled());
    }

    public SyntheticGenerator(SyntheticWorkload workload, PlaceCatalog places) {
        this.workload = requireNonNull(workload, "workload is null");
        this.places = requireNonNull(places, "places is null");
        this.locationRanks = new ZipfDistribution(places.size(), LOCATION_EXPONENT);
        this.eventBytes = new EventBytes(places);
    }

    public SyntheticWorkload workload() {
        return workload;
    }

    /** Records {@code 0..count-1}, in order. */
    public Stream<SyntheticRecord> records(long count) {
        checkCount(count);
        return LongStream.range(0, count).mapToObj(this::record);
    }

    /**
     * The events a correct pipeline keeps from the first {@code count} records: each valid id once, normalized, in
     * order of first appearance. Repeats always copy an earlier record, so these are exactly the {@link Kind#EVENT}s.
     */
    public Stream<TweetEvent> events(long count) {
        return records(count).filter(r -> r.kind() == Kind.EVENT).map(SyntheticRecord::event);
    }

    /** The id record {@code index} carries if it is (or repeats) a valid event. */
    public String eventId(long index) {
        checkIndex(index);
        return Long.toString(ID_BASE + Math.floorMod(workload.seed(), SEED_SPACE) * MAX_RECORDS + index);
    }

    /**
     * The bytes of record {@code index}, the same as {@code record(index).json()} without the truth about it: what a
     * source sends, at less cost (no normalized event is built).
     */
    public byte[] json(long index) {
        checkIndex(index);
        long originalIndex = index;
        Decision decision = decide(index);
        while (decision.kind() == Kind.DUPLICATE) {
            originalIndex = decision.repeatOf();
            decision = decide(originalIndex);
        }
        return originalJson(originalIndex, decision.kind());
    }

    /** Record {@code index}, computed from the workload alone. */
    public SyntheticRecord record(long index) {
        checkIndex(index);
        Decision decision = decide(index);
        if (decision.kind() != Kind.DUPLICATE) {
            return original(index, decision.kind());
        }
        long originalIndex = decision.repeatOf();
        Decision originalDecision = decide(originalIndex);
        // Iterative, not recursive: a chain of repeats can be long when the duplicate fraction is high.
        while (originalDecision.kind() == Kind.DUPLICATE) {
            originalIndex = originalDecision.repeatOf();
            originalDecision = decide(originalIndex);
        }
        SyntheticRecord original = original(originalIndex, originalDecision.kind());
        Kind kind = original.kind() == Kind.EVENT ? Kind.DUPLICATE : Kind.MALFORMED;
        return new SyntheticRecord(index, kind, original.json(), original.event(), original.defect(), originalIndex);
    }

    private record Decision(Kind kind, long repeatOf) {
    }

    private Decision decide(long index) {
        SplittableRandom random = random(DECISION_SALT, index);
        double u = random.nextDouble();
        long distance = 1 + random.nextLong(Math.max(1, Math.min(index, MAX_REPEAT_DISTANCE)));
        if (u < workload.duplicateFraction()) {
            // Record 0 has nothing to repeat and stays an event.
            return index == 0 ? new Decision(Kind.EVENT, index) : new Decision(Kind.DUPLICATE, index - distance);
        }
        if (u < workload.duplicateFraction() + workload.malformedFraction()) {
            return new Decision(Kind.MALFORMED, index);
        }
        return new Decision(Kind.EVENT, index);
    }

    /** A record that is not a repeat: a fresh event, or a fresh event with one defect. */
    private SyntheticRecord original(long index, Kind kind) {
        SplittableRandom random = random(CONTENT_SALT, index);
        Fields fields = fields(index, random);
        if (kind == Kind.EVENT) {
            TweetEvent event = new TweetEvent(fields.id, fields.createdAt, fields.userId, fields.followers,
                    LocationNormalizer.normalize(fields.location), fields.favorites, fields.retweets, fields.lang,
                    text(fields), "synthetic");
            return new SyntheticRecord(index, Kind.EVENT, eventBytes.write(fields), event, null, index);
        }
        Defect defect = defect(random);
        return new SyntheticRecord(index, Kind.MALFORMED, malformed(fields, defect, random.nextInt(1 << 16)), null,
                defect.reason, index);
    }

    /** The bytes of {@link #original(long, Kind)}, drawn the same way, without the event. */
    private byte[] originalJson(long index, Kind kind) {
        SplittableRandom random = random(CONTENT_SALT, index);
        Fields fields = fields(index, random);
        if (kind == Kind.EVENT) {
            return eventBytes.write(fields);
        }
        Defect defect = defect(random);
        return malformed(fields, defect, random.nextInt(1 << 16));
    }

    private static Defect defect(SplittableRandom random) {
        return Defect.values()[1 + random.nextInt(Defect.values().length - 1)];
    }

    private byte[] malformed(Fields fields, Defect defect, int variant) {
        return defect == Defect.TRUNCATED ? truncate(write(fields, Defect.NONE, 0), variant) : write(fields, defect, variant);
    }

    /** The raw field values of one record, drawn in a fixed order so a seed always gives the same values. */
    private static final class Fields {
        String id;
        Instant createdAt;
        String userId;
        long followers;
        String location;
        long favorites;
        long retweets;
        String lang;
        int langIndex;
        /** The words of the text, indices into {@link #WORDS}, and its hashtag (-1 for none): the bytes come from these. */
        int[] words;
        int wordCount;
        int hashtag;
        int place;
        boolean idAsNumber;
        ZoneOffset offset;
        boolean extraField;
    }

    private Fields fields(long index, SplittableRandom random) {
        Fields f = new Fields();
        f.id = eventId(index);
        long paced = workload.eventsPerSecond() == 0 ? 0 : index * 1000 / workload.eventsPerSecond();
        long jitter = random.nextLong(MAX_JITTER_MILLIS);
        boolean late = random.nextDouble() < workload.lateFraction();
        long lateness = 1 + random.nextLong(workload.maxLateness().toMillis());
        f.createdAt = workload.anchor().plusMillis(paced - jitter - (late ? lateness : 0));

        int user = random.nextInt(USERS);
        SplittableRandom profile = random(USER_SALT, user);
        f.userId = Long.toString(USER_ID_BASE + user);
        f.place = locationRanks.sample(profile.nextDouble());
        f.location = places.get(f.place);
        f.followers = Distributions.logNormal(profile, 250, 1.8, 200_000_000L);

        f.favorites = Distributions.heavyTail(random, 0.55, 1.2, 5_000_000L);
        f.retweets = Distributions.heavyTail(random, 0.75, 1.5, 1_000_000L);
        f.langIndex = pick(LANG_WEIGHTS, random.nextDouble());
        f.lang = LANGS[f.langIndex];
        drawText(f, random);
        f.idAsNumber = random.nextDouble() < 0.1;
        double offsetDraw = random.nextDouble();
        ZoneOffset offset = OFFSETS[random.nextInt(OFFSETS.length)];
        f.offset = offsetDraw < 0.8 ? ZoneOffset.UTC : offset;
        f.extraField = random.nextDouble() < 0.05;
        return f;
    }

    private static void drawText(Fields f, SplittableRandom random) {
        f.wordCount = 3 + random.nextInt(13);
        f.words = new int[f.wordCount];
        for (int i = 0; i < f.wordCount; i++) {
            f.words[i] = random.nextInt(WORDS.length);
        }
        f.hashtag = random.nextDouble() < 0.2 ? random.nextInt(HASHTAGS.length) : -1;
    }

    /** The text the words of {@code f} make, for the event and for the records written by Jackson. */
    private static String text(Fields f) {
        StringBuilder text = new StringBuilder(f.wordCount * 7);
        for (int i = 0; i < f.wordCount; i++) {
            if (i > 0) {
                text.append(' ');
            }
            text.append(WORDS[f.words[i]]);
        }
        if (f.hashtag >= 0) {
            text.append(' ').append(HASHTAGS[f.hashtag]);
        }
        return text.toString();
    }

    /** The ways a malformed record breaks the contract, each with the reason the validator must give. */
    private enum Defect {
        NONE(null),
        TRUNCATED(InvalidReason.MALFORMED_JSON),
        NOT_JSON(InvalidReason.MALFORMED_JSON),
        NOT_AN_OBJECT(InvalidReason.NOT_AN_OBJECT),
        BAD_VERSION(InvalidReason.UNSUPPORTED_VERSION),
        BAD_ID(InvalidReason.INVALID_ID),
        BAD_CREATED_AT(InvalidReason.INVALID_CREATED_AT),
        BAD_COUNT(InvalidReason.INVALID_COUNT),
        BAD_LOCATION(InvalidReason.INVALID_LOCATION);

        final InvalidReason reason;

        Defect(InvalidReason reason) {
            this.reason = reason;
        }
    }

    private static byte[] truncate(byte[] json, int variant) {
        // Any strict prefix of a JSON object is incomplete; cuts may split a UTF-8 sequence, which is malformed too.
        return Arrays.copyOf(json, 1 + variant % (json.length - 1));
    }

    private byte[] write(Fields f, Defect defect, int variant) {
        if (defect == Defect.NOT_JSON) {
            return NOT_JSON[variant % NOT_JSON.length].getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator json = jsonFactory.createGenerator(out)) {
            if (defect == Defect.NOT_AN_OBJECT) {
                switch (variant % 3) {
                    case 0 -> json.writeString(text(f));
                    case 1 -> json.writeNumber(variant);
                    default -> {
                        json.writeStartArray();
                        json.writeString(f.id);
                        json.writeEndArray();
                    }
                }
                json.flush();
                return out.toByteArray();
            }
            json.writeStartObject();
            writeVersion(json, defect, variant);
            writeId(json, f, defect, variant);
            writeCreatedAt(json, f, defect, variant);
            json.writeObjectFieldStart("user");
            json.writeStringField("id", f.userId);
            if (defect == Defect.BAD_COUNT && variant % 3 == 0) {
                json.writeNumberField("followers_count", -1 - variant);
            } else {
                json.writeNumberField("followers_count", f.followers);
            }
            writeLocation(json, f, defect, variant);
            json.writeEndObject();
            if (defect == Defect.BAD_COUNT && variant % 3 == 1) {
                json.writeNumberField("favorite_count", f.favorites + 0.5);
            } else {
                json.writeNumberField("favorite_count", f.favorites);
            }
            if (defect == Defect.BAD_COUNT && variant % 3 == 2) {
                json.writeStringField("retweet_count", "many");
            } else {
                json.writeNumberField("retweet_count", f.retweets);
            }
            json.writeStringField("lang", f.lang);
            json.writeStringField("text", text(f));
            json.writeStringField("source", "synthetic");
            if (f.extraField) {
                // Clients send fields the contract does not know; they must be ignored.
                json.writeBooleanField("possibly_sensitive", false);
                json.writeObjectFieldStart("entities");
                json.writeArrayFieldStart("hashtags");
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeVersion(JsonGenerator json, Defect defect, int variant) throws IOException {
        if (defect != Defect.BAD_VERSION) {
            json.writeNumberField("v", 1);
        } else if (variant % 2 == 0) {
            json.writeNumberField("v", 2 + variant % 7);
        } else {
            json.writeStringField("v", "1");
        }
    }

    private static void writeId(JsonGenerator json, Fields f, Defect defect, int variant) throws IOException {
        if (defect == Defect.BAD_ID) {
            switch (variant % 5) {
                case 0 -> json.writeStringField("id", "abc" + variant);
                case 1 -> json.writeStringField("id", f.id + "0");
                case 2 -> json.writeNumberField("id", -variant - 1);
                case 3 -> json.writeStringField("id", "");
                default -> {
                    // the id is missing altogether
                }
            }
        } else if (f.idAsNumber) {
            json.writeFieldName("id");
            json.writeNumber(f.id);
        } else {
            json.writeStringField("id", f.id);
        }
    }

    private static void writeCreatedAt(JsonGenerator json, Fields f, Defect defect, int variant) throws IOException {
        String written = createdAtText(f.createdAt, f.offset);
        if (defect != Defect.BAD_CREATED_AT) {
            json.writeStringField("created_at", written);
            return;
        }
        switch (variant % 5) {
            case 0 -> json.writeStringField("created_at", "yesterday");
            case 1 -> json.writeStringField("created_at", "2026-02-30T10:00:00Z");
            case 2 -> json.writeStringField("created_at", written.substring(0, 19));
            case 3 -> json.writeNumberField("created_at", f.createdAt.getEpochSecond());
            default -> {
                // created_at is missing altogether
            }
        }
    }

    /**
     * {@code createdAt} as {@link #CREATED_AT_FORMAT} writes it at {@code offset}, written by hand for the years 1000-9999:
     * the formatter's general field-by-field printer was a tenth of the generator's time.
     */
    // Visible for testing
    static String createdAtText(Instant createdAt, ZoneOffset offset) {
        char[] text = new char[CREATED_AT_CHARS];
        int length = createdAtChars(text, createdAt, offset);
        return length < 0 ? OffsetDateTime.ofInstant(createdAt, offset).format(CREATED_AT_FORMAT) : new String(text, 0, length);
    }

    private static final int CREATED_AT_CHARS = 29;

    /** {@link #createdAtText} into {@code text} (ASCII), returning its length, or -1 outside the years 1000-9999. */
    private static int createdAtChars(char[] text, Instant createdAt, ZoneOffset offset) {
        int offsetSeconds = offset.getTotalSeconds();
        long local = createdAt.getEpochSecond() + offsetSeconds;
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(local, SECONDS_PER_DAY));
        if (date.getYear() < 1000 || date.getYear() > 9999 || offsetSeconds % 60 != 0) {
            return -1;
        }
        int secondOfDay = (int) Math.floorMod(local, SECONDS_PER_DAY);
        int at = InstantText.dateTime(text, 0, date, secondOfDay);
        text[at++] = '.';
        at = InstantText.digits(text, at, createdAt.getNano() / 1_000_000, 3);
        if (offsetSeconds == 0) {
            text[at++] = 'Z';
        } else {
            text[at++] = offsetSeconds < 0 ? '-' : '+';
            int minutes = Math.abs(offsetSeconds) / 60;
            at = InstantText.digits(text, at, minutes / 60, 2);
            text[at++] = ':';
            at = InstantText.digits(text, at, minutes % 60, 2);
        }
        return at;
    }

    private static void writeLocation(JsonGenerator json, Fields f, Defect defect, int variant) throws IOException {
        if (defect == Defect.BAD_LOCATION) {
            if (variant % 2 == 0) {
                json.writeNumberField("location", variant);
            } else {
                json.writeArrayFieldStart("location");
                json.writeString("Berlin");
                json.writeEndArray();
            }
        } else if (f.location != null) {
            json.writeStringField("location", f.location);
        }
    }

    private static int pick(double[] weights, double u) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            if (u < sum) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private SplittableRandom random(long salt, long index) {
        return new SplittableRandom(mix(mix(workload.seed() ^ salt) + index));
    }

    /** The MurmurHash3 finalizer: nearby inputs give unrelated outputs. */
    private static long mix(long value) {
        long h = value;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static void checkIndex(long index) {
        if (index < 0 || index >= MAX_RECORDS) {
            throw new IllegalArgumentException("record index must be from 0 to 2^32-1: " + index);
        }
    }

    private static void checkCount(long count) {
        if (count < 0 || count > MAX_RECORDS) {
            throw new IllegalArgumentException("count must be from 0 to 2^32: " + count);
        }
    }

    /**
     * Writes a valid record's bytes by hand, byte for byte as Jackson writes them with the canonical event's factory
     * ({@link EventJson#newJsonFactory()}): a Jackson generator per record was a fifth of the ingest JVM's CPU
     * (docs/ingestion.md). The strings that recur (words, hashtags, languages, places) are encoded once, by
     * {@link JsonStringBytes} (an unpaired surrogate as its escape). {@code SyntheticGeneratorTest} holds every valid
     * record to what Jackson writes for it.
     */
    private static final class EventBytes {
        private static final byte[] START = ascii("{\"v\":1,\"id\":");
        private static final byte[] CREATED_AT = ascii(",\"created_at\":\"");
        private static final byte[] USER_ID = ascii("\",\"user\":{\"id\":\"");
        private static final byte[] FOLLOWERS = ascii("\",\"followers_count\":");
        private static final byte[] LOCATION = ascii(",\"location\":\"");
        private static final byte[] FAVORITES = ascii("},\"favorite_count\":");
        private static final byte[] RETWEETS = ascii(",\"retweet_count\":");
        private static final byte[] LANG = ascii(",\"lang\":\"");
        private static final byte[] TEXT = ascii("\",\"text\":\"");
        private static final byte[] SOURCE = ascii("\",\"source\":\"synthetic\"");
        private static final byte[] EXTRA = ascii(",\"possibly_sensitive\":false,\"entities\":{\"hashtags\":[]}");
        /** Everything but the strings below: field names, 3 ids and 3 counts of at most 20 digits, the date-time. */
        private static final int FIXED_BOUND = 512;

        private static final byte[][] WORD_BYTES = encodeAll(WORDS);
        private static final byte[][] HASHTAG_BYTES = encodeAll(HASHTAGS);
        private static final byte[][] LANG_BYTES = encodeAll(LANGS);
        private static final int LONGEST_WORD = Arrays.stream(WORD_BYTES).mapToInt(w -> w.length).max().orElse(0);
        private static final int LONGEST_HASHTAG = Arrays.stream(HASHTAG_BYTES).mapToInt(w -> w.length).max().orElse(0);

        private final byte[][] placeBytes;

        EventBytes(PlaceCatalog places) {
            placeBytes = new byte[places.size()][];
            for (int rank = 0; rank < placeBytes.length; rank++) {
                String place = places.get(rank);
                placeBytes[rank] = place == null ? null : encode(place);
            }
        }

        byte[] write(Fields f) {
            byte[] place = placeBytes[f.place];
            byte[] out = new byte[FIXED_BOUND + (place == null ? 0 : place.length)
                    + f.wordCount * (LONGEST_WORD + 1) + LONGEST_HASHTAG + 1];
            int at = put(out, 0, START);
            if (f.idAsNumber) {
                at = ascii(out, at, f.id);
            } else {
                out[at++] = '"';
                at = ascii(out, at, f.id);
                out[at++] = '"';
            }
            at = put(out, at, CREATED_AT);
            char[] createdAt = new char[CREATED_AT_CHARS];
            int length = createdAtChars(createdAt, f.createdAt, f.offset);
            if (length < 0) {
                at = ascii(out, at, createdAtText(f.createdAt, f.offset));
            } else {
                for (int i = 0; i < length; i++) {
                    out[at++] = (byte) createdAt[i];
                }
            }
            at = put(out, at, USER_ID);
            at = ascii(out, at, f.userId);
            at = put(out, at, FOLLOWERS);
            at = number(out, at, f.followers);
            if (place != null) {
                at = put(out, at, LOCATION);
                at = put(out, at, place);
                out[at++] = '"';
            }
            at = put(out, at, FAVORITES);
            at = number(out, at, f.favorites);
            at = put(out, at, RETWEETS);
            at = number(out, at, f.retweets);
            at = put(out, at, LANG);
            at = put(out, at, LANG_BYTES[f.langIndex]);
            at = put(out, at, TEXT);
            for (int i = 0; i < f.wordCount; i++) {
                if (i > 0) {
                    out[at++] = ' ';
                }
                at = put(out, at, WORD_BYTES[f.words[i]]);
            }
            if (f.hashtag >= 0) {
                out[at++] = ' ';
                at = put(out, at, HASHTAG_BYTES[f.hashtag]);
            }
            at = put(out, at, SOURCE);
            if (f.extraField) {
                at = put(out, at, EXTRA);
            }
            out[at++] = '}';
            return Arrays.copyOf(out, at);
        }

        private static int put(byte[] out, int at, byte[] bytes) {
            System.arraycopy(bytes, 0, out, at, bytes.length);
            return at + bytes.length;
        }

        /** Digits and the like, which need no escape. */
        private static int ascii(byte[] out, int at, String text) {
            for (int i = 0; i < text.length(); i++) {
                out[at++] = (byte) text.charAt(i);
            }
            return at;
        }

        private static int number(byte[] out, int at, long value) {
            if (value < 0) {
                // Not drawn for a valid record (counts are >= 0); kept exact all the same.
                return ascii(out, at, Long.toString(value));
            }
            int digits = 1;
            for (long rest = value / 10; rest != 0; rest /= 10) {
                digits++;
            }
            int end = at + digits;
            long rest = value;
            for (int i = end - 1; i >= at; i--) {
                out[i] = (byte) ('0' + rest % 10);
                rest /= 10;
            }
            return end;
        }

        private static byte[][] encodeAll(String[] values) {
            byte[][] encoded = new byte[values.length][];
            for (int i = 0; i < values.length; i++) {
                encoded[i] = encode(values[i]);
            }
            return encoded;
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        /** {@code value}'s content between the quotes, escaped as Jackson's generator escapes it. */
        private static byte[] encode(String value) {
            byte[] out = new byte[value.length() * JsonStringBytes.MAX_BYTES_PER_CHAR];
            return Arrays.copyOf(out, JsonStringBytes.write(out, 0, value, true));
        }
    }
}
