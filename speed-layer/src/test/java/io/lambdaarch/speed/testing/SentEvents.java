package io.lambdaarch.speed.testing;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a speed-layer test sent, and what a speed table must hold for it, computed by the test alone: each event id
 * counted once (its earliest copy), in the ingest bucket of that copy's broker timestamp; poison records counted as
 * sent, never in a table. The tests' workloads keep their events here and say how a view groups and sums them.
 *
 * @param <E> the test's own event record
 */
public final class SentEvents<E> {
    private final Function<E, String> id;
    private final long bucketMillis;
    private final Map<String, E> eventsById = new HashMap<>();
    private final Map<String, Long> firstIngestMillis = new HashMap<>();
    private long recordsSent;
    private long poisonRecords;

    /**
     * @param id an event's id, the key of deduplication
     * @param bucket the ingest bucket B the speed job runs with
     */
    public SentEvents(Function<E, String> id, Duration bucket) {
        this.id = requireNonNull(id, "id is null");
        this.bucketMillis = requireNonNull(bucket, "bucket is null").toMillis();
    }

    /** Notes that {@code event} was stored by the broker at {@code ingestMillis} (RecordMetadata.timestamp()). */
    public void sent(E event, long ingestMillis) {
        recordsSent++;
        String key = id.apply(event);
        eventsById.putIfAbsent(key, event);
        firstIngestMillis.merge(key, ingestMillis, Math::min);
    }

    /** Notes that a record every layer must reject was sent. */
    public void sentPoison() {
        recordsSent++;
        poisonRecords++;
    }

    /** Every record sent: events, their repeats and poison. */
    public long recordsSent() {
        return recordsSent;
    }

    public long poisonRecords() {
        return poisonRecords;
    }

    /** The events sent so far, one per id (for re-sending duplicates). */
    public List<E> events() {
        return List.copyOf(eventsById.values());
    }

    /** The start of the ingest bucket that holds {@code time}. */
    public Instant bucketOf(Instant time) {
        long millis = time.toEpochMilli();
        return Instant.ofEpochMilli(millis - Math.floorMod(millis, bucketMillis));
    }

    /**
     * What a speed table must hold: {@code key} of (ingest bucket, event) -> {@code measures} of its events summed,
     * over the events whose ingest bucket {@code buckets} accepts.
     */
    public <K> Map<K, List<Long>> truth(BiFunction<Instant, E, K> key, Function<E, long[]> measures, Predicate<Instant> buckets) {
        Map<K, long[]> sums = new HashMap<>();
        eventsById.forEach((eventId, event) -> {
            Instant ingestBucket = bucketOf(Instant.ofEpochMilli(firstIngestMillis.get(eventId)));
            if (!buckets.test(ingestBucket)) {
                return;
            }
            long[] values = measures.apply(event);
            long[] sum = sums.computeIfAbsent(key.apply(ingestBucket, event), k -> new long[values.length]);
            for (int i = 0; i < values.length; i++) {
                sum[i] += values[i];
            }
        });
        Map<K, List<Long>> truth = new HashMap<>();
        sums.forEach((row, sum) -> truth.put(row, Arrays.stream(sum).boxed().toList()));
        return truth;
    }
}
