package io.lambdaarch.speed;

import io.lambdaarch.speed.testing.SentEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Events with a language (or none), and what any view's speed table must hold for them, computed by the test alone:
 * each event id counted once (its earliest copy), in the ingest bucket of that copy's broker timestamp, grouped by the
 * key the test gives and summed by the measures it gives. Poison records are never counted.
 */
final class ViewsWorkload {
    /** One event as the test wrote it; the JSON is built by hand, not by the project's writer. */
    record Event(String id, Instant createdAt, String location, String lang, long followers, long favorites, long retweets) {
        byte[] json() {
            String langField = lang == null ? "" : ",\"lang\":\"" + lang + "\"";
            return String.format("{\"v\":1,\"id\":\"%s\",\"created_at\":\"%s\",\"user\":{\"id\":\"7\",\"followers_count\":%d,"
                            + "\"location\":\"%s\"},\"favorite_count\":%d,\"retweet_count\":%d%s,\"text\":\"hi\"}",
                    id, createdAt, followers, location, favorites, retweets, langField).getBytes(StandardCharsets.UTF_8);
        }

        /** The language a view groups by: {@code und} when the event has none. */
        String expectedLang() {
            return lang == null ? "und" : lang;
        }
    }

    private static final String[] LOCATIONS = {"Berlin", "Paris", "Oslo", "Rome"};
    private static final String[] LANGS = {"en", "de", "fr", null};

    private final Random random;
    private final SentEvents<Event> sent;
    private long nextId;

    ViewsWorkload(long seed, Duration bucket) {
        this.random = new Random(seed);
        this.sent = new SentEvents<>(Event::id, bucket);
        this.nextId = 2_000_000L + Math.abs(seed % 1000) * 10_000L;
    }

    /** {@code count} new events with created_at over the last two days, so day and hour grains both split them. */
    List<Event> newEvents(int count, Instant now) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant createdAt = now.minus(random.nextInt(48 * 60), ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            events.add(new Event(Long.toString(nextId++), createdAt, LOCATIONS[random.nextInt(LOCATIONS.length)],
                    LANGS[random.nextInt(LANGS.length)], random.nextInt(5000), random.nextInt(20), random.nextInt(5)));
        }
        return events;
    }

    /** Notes that {@code event} was stored by the broker at {@code ingestMillis} (RecordMetadata.timestamp()). */
    void sent(Event event, long ingestMillis) {
        sent.sent(event, ingestMillis);
    }

    void sentPoison() {
        sent.sentPoison();
    }

    long recordsSent() {
        return sent.recordsSent();
    }

    long poisonRecords() {
        return sent.poisonRecords();
    }

    /** The events sent so far, one per id (for re-sending duplicates). */
    List<Event> sentEvents() {
        return sent.events();
    }

    /** The start of the ingest bucket that holds {@code time}. */
    Instant bucketOf(Instant time) {
        return sent.bucketOf(time);
    }

    /**
     * What a view's speed table must hold: (ingest bucket, then {@code key} of the event) -> {@code measures} summed,
     * over the events whose ingest bucket {@code buckets} accepts.
     */
    Map<List<Object>, List<Long>> truth(Function<Event, List<Object>> key, Function<Event, long[]> measures,
            Predicate<Instant> buckets) {
        return sent.truth((ingestBucket, event) -> {
            List<Object> row = new ArrayList<>();
            row.add(ingestBucket);
            row.addAll(key.apply(event));
            return row;
        }, measures, buckets);
    }
}
