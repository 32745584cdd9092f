package io.lambdaarch.demo.fault.harness;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.common.event.TweetEvent;
import io.lambdaarch.demo.verify.Measures;
import io.lambdaarch.demo.verify.ViewKey;
import io.lambdaarch.demo.verify.ViewSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Valid events sent once each, with where Kafka put them (partition, offset) and when (the broker's LogAppendTime,
 * their ingest time): enough to say what an answer of the serving layer must hold, given the batch cutoff and the
 * offsets the speed layer had read up to when it was made. Computed from the acknowledgements alone, never from the
 * pipeline's tables.
 */
public final class SentRecords {
    /** One event and where it was stored. */
    public record Sent(TweetEvent event, int partition, long offset, Instant ingestTime) {
        public Sent {
            requireNonNull(event, "event is null");
            requireNonNull(ingestTime, "ingestTime is null");
        }
    }

    private final List<Sent> sent = new ArrayList<>();

    public synchronized void add(Sent record) {
        sent.add(requireNonNull(record, "record is null"));
    }

    /** The next offset of each partition written to (one past the last record sent there). */
    public synchronized Map<Integer, Long> endOffsets() {
        Map<Integer, Long> ends = new HashMap<>();
        sent.forEach(s -> ends.merge(s.partition(), s.offset() + 1, Math::max));
        return ends;
    }

    /** The totals of every event sent. */
    public synchronized Measures total() {
        return totals(sent);
    }

    /**
     * The totals an exact answer holds: every event ingested before {@code cutoff} (batch_view's part; every one, by
     * the landed_through guarantee), plus every later one below the speed layer's next offset of its partition (the
     * records it had read). No cutoff: the speed layer's part alone.
     */
    public synchronized Measures exactTotal(Optional<Instant> cutoff, Map<Integer, Long> speedNextOffsets) {
        return totals(sent.stream()
                .filter(s -> cutoff.map(s.ingestTime()::isBefore).orElse(false)
                        || s.offset() < speedNextOffsets.getOrDefault(s.partition(), 0L))
                .toList());
    }

    private static Measures totals(List<Sent> records) {
        Map<ViewKey, Measures> groups = new HashMap<>();
        records.forEach(s -> ViewSnapshot.accumulate(groups, s.event()));
        return new ViewSnapshot(groups).total();
    }
}
