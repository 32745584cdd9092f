package io.lambdaarch.speed.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates test events and poison records and computes, independently of the code under test, what speed_view
 * must hold for them: one row per (ingest bucket, event hour, location), each event id counted once (its earliest
 * copy), poison never counted. Ingest times are the ones the broker assigned, reported back after sending.
 *
 * <p>In speed-layer's test jar, so the cluster tests, which have no Spark on their classpath, use the same workload.
 */
public final class SpeedWorkload {
    /** One event as the test wrote it; the JSON is built by hand, not by the project's writer. */
    public record Event(String id, Instant createdAt, String location, String expectedLocation, long followers, long favorites,
            long retweets) {
        public byte[] json() {
            return String.format("{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\",\"user\":{\"id\":\"7\",\"followers_count\":%d,"
                            + "\"location\":\"%s\"},\"favorite_count\":%d,\"retweet_count\":%d,\"lang\":\"en\",\"text\":\"hi\"}",
                    id, createdAt, followers, location, favorites, retweets).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A row of speed_view: the key and the four measures. */
    public record ViewKey(Instant ingestBucket, Instant eventHour, String location) {
    }

    /** Locations as written into the JSON, and as the normalization rules (docs/design.md#validation-and-normalization) say they are stored. */
    private static final String[][] LOCATIONS = {
        {"Berlin, Germany", "Berlin, Germany"},
        {"Paris", "Paris"},
        {"São Paulo", "São Paulo"},
        {"  Lisbon \\n\\t Portugal ", "Lisbon Portugal"},
        {"", "unknown"},
    };

    private final Random random;
    private final SentEvents<Event> sent;
    private long nextId;

    public SpeedWorkload(long seed, Duration bucket) {
        this.random = new Random(seed);
        this.sent = new SentEvents<>(Event::id, bucket);
        this.nextId = 1_000_000L + Math.abs(seed % 1000) * 10_000L;
    }

    /** {@code count} new events with created_at spread over the last few hours (some late by a day). */
    public List<Event> newEvents(int count, Instant now) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] location = LOCATIONS[random.nextInt(LOCATIONS.length)];
            long minutesAgo = random.nextInt(10) == 0 ? 24 * 60 + random.nextInt(60) : random.nextInt(4 * 60);
            Instant createdAt = now.minus(minutesAgo, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            events.add(new Event(Long.toString(nextId++), createdAt, location[0], location[1], random.nextInt(5000),
                    random.nextInt(20), random.nextInt(5)));
        }
        return events;
    }

    /**
     * A valid event whose 1 MB location survives validation as its first 256 characters (the normalizer cuts it).
     */
    public Event hugeLocationEvent(Instant now) {
        String location = "Huge" + "x".repeat(1_000_000);
        return new Event(Long.toString(nextId++), now.truncatedTo(ChronoUnit.SECONDS), location, location.substring(0, 256),
                1, 1, 1);
    }

    /** Records every layer must reject: bad JSON, a negative count, 1 MB of garbage, wrong types, no id. */
    public static List<byte[]> poison(Instant now) {
        return List.of(
                "{\"v\":1,\"id\":\"1\",\"created_at\":".getBytes(StandardCharsets.UTF_8),
                ("{\"v\":1,\"id\":\"2\",\"created_at\":\"" + now + "\",\"favorite_count\":-3}").getBytes(StandardCharsets.UTF_8),
                ("garbage" + "#".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                ("{\"v\":1,\"created_at\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8),
                ("{\"v\":1,\"id\":\"3\",\"created_at\":\"" + now + "\",\"user\":{\"followers_count\":1.5}}").getBytes(StandardCharsets.UTF_8));
    }

    /** Notes that {@code event} was stored by the broker at {@code ingestMillis} (RecordMetadata.timestamp()). */
    public void sent(Event event, long ingestMillis) {
        sent.sent(event, ingestMillis);
    }

    public void sentPoison() {
        sent.sentPoison();
    }

    public long poisonRecords() {
        return sent.poisonRecords();
    }

    public long recordsSent() {
        return sent.recordsSent();
    }

    /** The events sent so far, one per id (for re-sending duplicates). */
    public List<Event> sentEvents() {
        return sent.events();
    }

    /** What speed_view must hold: per key, {tweet_count, followers_sum, favorites_sum, retweets_sum}. */
    public Map<ViewKey, List<Long>> truth() {
        return sent.truth(
                (ingestBucket, event) -> new ViewKey(ingestBucket, event.createdAt().truncatedTo(ChronoUnit.HOURS),
                        event.expectedLocation()),
                event -> new long[] {1, event.followers(), event.favorites(), event.retweets()},
                ingestBucket -> true);
    }
}
