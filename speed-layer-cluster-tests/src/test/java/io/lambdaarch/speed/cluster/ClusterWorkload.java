package io.lambdaarch.speed.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates test events and poison records and computes, independently of the code under test, what speed_view
 * must hold for them: one row per (ingest bucket, event hour, location), each event id counted once (its earliest
 * copy), poison never counted. Ingest times are the ones the broker assigned, reported back after sending.
 *
 * <p>The speed layer's own SpeedWorkload, without its 1 MB location event; a copy because that one is a test class of
 * speed-layer, which this module deliberately does not have on its classpath.
 */
final class ClusterWorkload {
    /** One event as the test wrote it; the JSON is built by hand, not by the project's writer. */
    record Event(String id, Instant createdAt, String location, String expectedLocation, long followers, long favorites,
            long retweets) {
        byte[] json() {
            return String.format("{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\",\"user\":{\"id\":\"7\",\"followers_count\":%d,"
                            + "\"location\":\"%s\"},\"favorite_count\":%d,\"retweet_count\":%d,\"lang\":\"en\",\"text\":\"hi\"}",
                    id, createdAt, followers, location, favorites, retweets).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A row of speed_view: the key and the four measures. */
    record ViewKey(Instant ingestBucket, Instant eventHour, String location) {
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
    private final Duration bucket;
    private final Map<String, Event> eventsById = new HashMap<>();
    private final Map<String, Long> firstIngestMillis = new HashMap<>();
    private long nextId;
    private long poisonRecords;
    private long recordsSent;

    ClusterWorkload(long seed, Duration bucket) {
        this.random = new Random(seed);
        this.bucket = bucket;
        this.nextId = 1_000_000L + Math.abs(seed % 1000) * 10_000L;
    }

    /** {@code count} new events with created_at spread over the last few hours (some late by a day). */
    List<Event> newEvents(int count, Instant now) {
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

    /** Records every layer must reject: bad JSON, a negative count, 1 MB of garbage, wrong types, no id. */
    static List<byte[]> poison(Instant now) {
        return List.of(
                "{\"v\":1,\"id\":\"1\",\"created_at\":".getBytes(StandardCharsets.UTF_8),
                ("{\"v\":1,\"id\":\"2\",\"created_at\":\"" + now + "\",\"favorite_count\":-3}").getBytes(StandardCharsets.UTF_8),
                ("garbage" + "#".repeat(1_000_000)).getBytes(StandardCharsets.UTF_8),
                "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                ("{\"v\":1,\"created_at\":\"" + now + "\"}").getBytes(StandardCharsets.UTF_8),
                ("{\"v\":1,\"id\":\"3\",\"created_at\":\"" + now + "\",\"user\":{\"followers_count\":1.5}}").getBytes(StandardCharsets.UTF_8));
    }

    /** Notes that {@code event} was stored by the broker at {@code ingestMillis} (RecordMetadata.timestamp()). */
    void sent(Event event, long ingestMillis) {
        recordsSent++;
        eventsById.putIfAbsent(event.id(), event);
        firstIngestMillis.merge(event.id(), ingestMillis, Math::min);
    }

    void sentPoison() {
        recordsSent++;
        poisonRecords++;
    }

    long poisonRecords() {
        return poisonRecords;
    }

    long recordsSent() {
        return recordsSent;
    }

    /** The events sent so far, one per id (for re-sending duplicates). */
    List<Event> sentEvents() {
        return List.copyOf(eventsById.values());
    }

    /** What speed_view must hold: per key, {tweet_count, followers_sum, favorites_sum, retweets_sum}. */
    Map<ViewKey, List<Long>> truth() {
        Map<ViewKey, long[]> sums = new HashMap<>();
        long bucketMillis = bucket.toMillis();
        eventsById.forEach((id, event) -> {
            long ingest = firstIngestMillis.get(id);
            Instant ingestBucket = Instant.ofEpochMilli(ingest - Math.floorMod(ingest, bucketMillis));
            Instant hour = event.createdAt().truncatedTo(ChronoUnit.HOURS);
            long[] sum = sums.computeIfAbsent(new ViewKey(ingestBucket, hour, event.expectedLocation()), k -> new long[4]);
            sum[0] += 1;
            sum[1] += event.followers();
            sum[2] += event.favorites();
            sum[3] += event.retweets();
        });
        Map<ViewKey, List<Long>> truth = new HashMap<>();
        sums.forEach((key, sum) -> truth.put(key, List.of(sum[0], sum[1], sum[2], sum[3])));
        return truth;
    }
}
