package io.lambdaarch.batch.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A generated workload with everything the batch layer must handle: late events (created_at days old), exact
 * repeats sent to other partitions, later repeats with different content, messy locations and malformed records.
 * The expected view is computed here from what was generated, without any production code: every location variant
 * is built from a base location the test already knows in normalized form.
 */
public final class Workload {
    /**
     * Base locations, each already in normalized form: accents and CJK, emoji and other 4-byte characters (a flag is
     * two regional indicators, U+1D11E and U+2070E are outside the BMP), and hostile text for the COPY paths (CSV and
     * JSON quoting, PostgreSQL's text-format NULL marker, SQL, markup and format strings).
     */
    private static final String[] LOCATIONS = {"Berlin, Germany", "São Paulo, Brasil", "東京 都", "New York, NY", "Zürich",
        "a \"quoted\", comma\\backslash place", "Café 😀 Zürich 🇩🇪", "𝄞 𠜎 score", "\\N", "NULL",
        "'; DROP TABLE raw_batch; --", "<script>alert(1)</script> & ${jndi:ldap://x} %s%n"};

    private final List<Message> first = new ArrayList<>();
    private final List<Message> later = new ArrayList<>();
    private final Map<ViewKey, long[]> truth = new HashMap<>();
    // by identity: an exact repeat shares its value bytes with the first copy but is another message
    private final Map<Message, Event> events = new IdentityHashMap<>();
    private int valid;
    private int malformed;

    /** One Kafka record to send; {@code partition} null lets the producer choose by key. */
    public record Message(String key, byte[] value, Integer partition, boolean valid) {
    }

    /**
     * What a valid message must become once validated and normalized, known from how it was generated: the
     * raw_batch columns that come from the event.
     */
    public record Event(String id, Instant createdAt, String location, long followers, long favorites, long retweets) {
    }

    /** A batch_view row's key: the UTC hour of created_at and the normalized location. */
    public record ViewKey(Instant eventHour, String location) {
    }

    private Workload() {
    }

    /**
     * {@code events} distinct valid events (about 5% repeated exactly on another partition, about 5% repeated later
     * with other content) and {@code malformedCount} invalid records, created up to {@code maxAgeDays} before {@code now}.
     * Ids are drawn from {@code [idBase, idBase + 10^9)}, so workloads with different bases never share an id.
     */
    public static Workload generate(long seed, long idBase, int events, int malformedCount, int maxAgeDays, Instant now,
            int partitions) {
        Random random = new Random(seed);
        Workload workload = new Workload();
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < events; i++) {
            long id;
            do {
                id = idBase + random.nextInt(1_000_000_000);
            } while (!ids.add(id));
            Instant createdAt = now.minus(random.nextInt(maxAgeDays * 24 * 3600), ChronoUnit.SECONDS)
                    .plusNanos(random.nextInt(1_000_000) * 1000L);
            String base = random.nextInt(10) == 0 ? null : LOCATIONS[random.nextInt(LOCATIONS.length)];
            long followers = random.nextInt(100_000);
            long favorites = random.nextInt(50);
            long retweets = random.nextInt(20);
            boolean omitCounts = random.nextInt(20) == 0;
            String json = eventJson(id, createdAt, base == null ? null : messy(base, random), followers, favorites,
                    retweets, omitCounts, random);
            Message message = new Message(Long.toString(id), json.getBytes(StandardCharsets.UTF_8), null, true);
            workload.first.add(message);
            workload.valid++;
            if (omitCounts) {
                followers = 0;
                favorites = 0;
                retweets = 0;
            }
            Event event = new Event(Long.toString(id), createdAt, base == null ? "unknown" : base, followers, favorites, retweets);
            workload.events.put(message, event);
            long[] totals = workload.truth.computeIfAbsent(
                    new ViewKey(createdAt.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.HOURS).toInstant(),
                            base == null ? "unknown" : base), k -> new long[4]);
            totals[0]++;
            totals[1] += followers;
            totals[2] += favorites;
            totals[3] += retweets;

            int repeat = random.nextInt(20);
            if (repeat == 0) {
                // The same bytes again, on an explicit partition: deduplication must work across partitions.
                Message same = new Message(message.key(), message.value(), random.nextInt(partitions), true);
                workload.first.add(same);
                workload.events.put(same, event);
                workload.valid++;
            } else if (repeat == 1) {
                // Sent after everything else, so ingested later: the earlier copy must win.
                String other = eventJson(id, createdAt.minus(3, ChronoUnit.DAYS), "Somewhere Else", followers + 7,
                        favorites + 7, retweets + 7, false, random);
                Message changed = new Message(message.key(), other.getBytes(StandardCharsets.UTF_8), random.nextInt(partitions), true);
                workload.later.add(changed);
                workload.events.put(changed, new Event(Long.toString(id), createdAt.minus(3, ChronoUnit.DAYS),
                        "Somewhere Else", followers + 7, favorites + 7, retweets + 7));
                workload.valid++;
            }
        }
        for (int i = 0; i < malformedCount; i++) {
            workload.first.add(new Message("bad-" + i, malformed(i, now), null, false));
            workload.malformed++;
        }
        Collections.shuffle(workload.first, random);
        return workload;
    }

    /** The messages to send first. */
    public List<Message> first() {
        return List.copyOf(first);
    }

    /** The messages to send after {@link #first()} has been acknowledged. */
    public List<Message> later() {
        return List.copyOf(later);
    }

    /** Expected batch_view: view key to {tweet_count, followers_sum, favorites_sum, retweets_sum}. */
    public Map<ViewKey, List<Long>> truth() {
        return truth(List.of(this));
    }

    /** The expected batch_view of several workloads landed together (their ids must be disjoint). */
    public static Map<ViewKey, List<Long>> truth(List<Workload> workloads) {
        Map<ViewKey, long[]> sums = new HashMap<>();
        for (Workload workload : workloads) {
            workload.truth.forEach((key, totals) -> {
                long[] sum = sums.computeIfAbsent(key, k -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    sum[i] += totals[i];
                }
            });
        }
        Map<ViewKey, List<Long>> copy = new HashMap<>();
        sums.forEach((key, totals) -> copy.put(key, List.of(totals[0], totals[1], totals[2], totals[3])));
        return copy;
    }

    /** The normalized event a message of this workload carries; empty for a malformed one. */
    public Optional<Event> event(Message message) {
        return Optional.ofNullable(events.get(message));
    }

    /** Valid records sent (repeats included): raw_batch's row count. */
    public int validRecords() {
        return valid;
    }

    /** Invalid records sent: the quarantine's line count. */
    public int malformedRecords() {
        return malformed;
    }

    private static String messy(String location, Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> location;
            case 1 -> "  " + location + " \t";
            case 2 -> location.replace(" ", " \n\t ");
            default -> "\u00a0" + location.replace(" ", "   ");
        };
    }

    private static String eventJson(long id, Instant createdAt, String location, long followers, long favorites,
            long retweets, boolean omitCounts, Random random) {
        StringBuilder json = new StringBuilder("{\"v\":1,");
        // ids as strings, numbers or with leading zeros: all name the same event
        switch (random.nextInt(3)) {
            case 0 -> json.append("\"id\":\"").append(id).append('"');
            case 1 -> json.append("\"id\":").append(id);
            default -> json.append("\"id\":\"000").append(id).append('"');
        }
        String created = random.nextBoolean()
                ? createdAt.toString()
                : createdAt.atOffset(ZoneOffset.ofHours(2)).toString();
        json.append(",\"created_at\":\"").append(created).append('"');
        json.append(",\"user\":{\"id\":\"u").append(id % 1000).append('"');
        if (!omitCounts) {
            json.append(",\"followers_count\":").append(followers);
        }
        if (location != null) {
            json.append(",\"location\":").append(quote(location));
        }
        json.append('}');
        if (!omitCounts) {
            json.append(",\"favorite_count\":").append(favorites).append(",\"retweet_count\":").append(retweets);
        }
        json.append(",\"lang\":\"en\",\"text\":\"post ").append(id).append("\",\"source\":\"test\"}");
        return json.toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static byte[] malformed(int i, Instant now) {
        if (i % 9 == 8) {
            return null; // a tombstone
        }
        String value = switch (i % 9) {
            case 0 -> "{not json";
            case 1 -> "[1,2,3]";
            case 2 -> "{\"id\":\"abc\",\"created_at\":\"" + now + "\"}";
            case 3 -> "{\"id\":\"42" + i + "\",\"created_at\":\"yesterday\"}";
            case 4 -> "{\"id\":\"43" + i + "\",\"created_at\":\"" + now + "\",\"favorite_count\":-1}";
            case 5 -> "{\"id\":\"12345678901234567890\",\"created_at\":\"" + now + "\"}";
            case 6 -> "{\"v\":2,\"id\":\"44" + i + "\",\"created_at\":\"" + now + "\"}";
            default -> null;
        };
        if (value == null) {
            // not UTF-8 at all: quarantine must keep the exact bytes
            return new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) i};
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "workload of %d valid and %d malformed records", valid, malformed);
    }
}
