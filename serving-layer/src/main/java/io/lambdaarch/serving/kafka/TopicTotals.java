package io.lambdaarch.serving.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The record count of one topic (the sum of its partitions' end offsets) as fetched over time, kept for {@code keep}:
 * the DLQ rate the dashboard draws comes from here. Written by the offsets monitor's thread, read by requests.
 */
public final class TopicTotals {
    private final String topic;
    private final Duration keep;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** The topic held {@code records} records at {@code fetchedAt}. */
    public record Sample(Instant fetchedAt, long records) {
        public Sample {
            requireNonNull(fetchedAt, "fetchedAt is null");
        }
    }

    public TopicTotals(String topic, Duration keep) {
        this.topic = requireNonNull(topic, "topic is null");
        this.keep = requireNonNull(keep, "keep is null");
    }

    public String topic() {
        return topic;
    }

    public synchronized void add(Sample sample) {
        requireNonNull(sample, "sample is null");
        samples.addLast(sample);
        Instant oldest = sample.fetchedAt().minus(keep);
        while (samples.peekFirst().fetchedAt().isBefore(oldest)) {
            samples.removeFirst();
        }
    }

    public synchronized Optional<Sample> latest() {
        return Optional.ofNullable(samples.peekLast());
    }

    /** Every sample kept, oldest first. */
    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Records per second over the samples of the last {@code window} (at least two samples needed). */
    public synchronized Optional<Double> ratePerSecond(Duration window) {
        Sample last = samples.peekLast();
        if (last == null) {
            return Optional.empty();
        }
        Instant since = last.fetchedAt().minus(window);
        Sample first = null;
        for (Sample sample : samples) {
            if (!sample.fetchedAt().isBefore(since)) {
                first = sample;
                break;
            }
        }
        if (first == null || first == last || !last.fetchedAt().isAfter(first.fetchedAt())) {
            return Optional.empty();
        }
        double seconds = Duration.between(first.fetchedAt(), last.fetchedAt()).toMillis() / 1000.0;
        // A topic recreated smaller would give a negative rate: say nothing rather than something false.
        return last.records() < first.records() ? Optional.empty()
                : Optional.of((last.records() - first.records()) / seconds);
    }
}
