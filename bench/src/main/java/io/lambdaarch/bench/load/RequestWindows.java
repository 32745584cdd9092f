package io.lambdaarch.bench.load;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The time ranges the serving figure asks for: a window of fixed length (the dashboard asks for 24 hours) starting
 * at a random whole hour of the history. Each client draws its own reproducible sequence, and the API and the JDBC
 * baseline draw the same ones.
 */
public final class RequestWindows {
    private final Instant historyStart;
    private final long startHours;
    private final Duration window;
    private final long seed;

    /** Windows of {@code window} inside [{@code historyStart}, {@code historyEnd}). */
    public RequestWindows(Instant historyStart, Instant historyEnd, Duration window, long seed) {
        this.historyStart = requireNonNull(historyStart, "historyStart is null");
        this.window = requireNonNull(window, "window is null");
        this.startHours = Duration.between(historyStart, historyEnd).minus(window).toHours() + 1;
        if (startHours < 1) {
            throw new IllegalArgumentException("the window " + window + " is longer than the history");
        }
        this.seed = seed;
    }

    /** A window [from, to). */
    public record Window(Instant from, Instant to) {
    }

    /** The sequence of client {@code client}. */
    public Sequence forClient(int client) {
        return new Sequence(new SplittableRandom(seed * 7919 + client));
    }

    /** One client's windows; not thread-safe, like the client. */
    public final class Sequence {
        private final SplittableRandom random;

        private Sequence(SplittableRandom random) {
            this.random = random;
        }

        public Window next() {
            Instant from = historyStart.plus(Duration.ofHours(random.nextLong(startHours)));
            return new Window(from, from.plus(window));
        }
    }
}
