package io.lambdaarch.bench.stats;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * How long each produced event took to become visible, from two logs taken with the same clock: when the producer
 * handed events over ({@link Sent}: after this send, {@code cumulative} events had been sent) and what a reader saw
 * ({@link Seen}: at this moment, {@code visible} events were counted). Event {@code k} (1-based, in send order) is
 * visible at the first observation that counts at least {@code k} events.
 *
 * <p>A count says nothing about which events it covers; treating the first {@code k} sent as the visible ones is
 * exact when the reader sees a prefix of every partition, which is what a micro-batch commit gives.
 *
 * @param latencies nanoseconds from send to visible, for every event that became visible, in send order
 * @param unseen events never seen
 */
public record Visibility(long[] latencies, long unseen) {
    /** After a send at {@code nanos}, {@code cumulative} events had been handed to the producer. */
    public record Sent(long nanos, long cumulative) {
    }

    /** At {@code nanos} the reader counted {@code visible} events. */
    public record Seen(long nanos, long visible) {
    }

    public Visibility {
        requireNonNull(latencies, "latencies is null");
    }

    /** Matches {@code sends} (in order) against {@code observations} (in time order). */
    public static Visibility match(List<Sent> sends, List<Seen> observations) {
        long total = sends.isEmpty() ? 0 : sends.get(sends.size() - 1).cumulative();
        long[] latencies = new long[(int) total];
        int visible = 0;
        int next = 0;
        long seenSoFar = 0;
        long previous = 0;
        outer:
        for (Sent sent : sends) {
            for (long event = previous + 1; event <= sent.cumulative(); event++) {
                // A count can only grow; a lower reading (a reader's hiccup) must not move the match backwards.
                while (seenSoFar < event) {
                    if (next == observations.size()) {
                        break outer;
                    }
                    seenSoFar = Math.max(seenSoFar, observations.get(next).visible());
                    next++;
                }
                long seenAt = observations.get(next - 1).nanos();
                latencies[visible++] = Math.max(0, seenAt - sent.nanos());
            }
            previous = sent.cumulative();
        }
        return new Visibility(Arrays.copyOf(latencies, visible), total - visible);
    }

    /** The same without the first {@code events} events (a warm-up): their latencies are dropped. */
    public Visibility skip(long events) {
        int from = (int) Math.min(events, latencies.length);
        return new Visibility(Arrays.copyOfRange(latencies, from, latencies.length), unseen);
    }

    /** The latency summary; requires at least one visible event. */
    public LatencySummary summary() {
        return LatencySummary.of(latencies);
    }

    /**
     * Median latency of the first and of the last third of the events (in send order): a lag that grows while the
     * input rate is steady shows as a last third slower than the first.
     */
    public Trend trend() {
        int third = latencies.length / 3;
        if (third == 0) {
            throw new IllegalStateException("too few visible events for a trend: " + latencies.length);
        }
        return new Trend(Percentiles.median(Arrays.copyOfRange(latencies, 0, third)),
                Percentiles.median(Arrays.copyOfRange(latencies, latencies.length - third, latencies.length)));
    }

    /** Median latency (nanoseconds) of the first and last third of the events. */
    public record Trend(long firstThirdMedianNanos, long lastThirdMedianNanos) {
        /** How much slower the last third was than the first, in milliseconds (negative: faster). */
        public double growthMillis() {
            return (lastThirdMedianNanos - firstThirdMedianNanos) / 1e6;
        }
    }
}
