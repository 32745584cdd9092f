package io.lambdaarch.batch.landing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How long each phase of one landing took, for the one line that says where a run's time went (the landing figure of
 * docs/benchmarks.md is judged by it). Phases are laps: each ends where the next begins. Not thread-safe.
 */
final class LandingPhases {
    private final Clock clock;
    private final Map<String, Duration> laps = new LinkedHashMap<>();
    private Instant lapStart;

    LandingPhases(Clock clock, Instant start) {
        this.clock = requireNonNull(clock, "clock is null");
        this.lapStart = requireNonNull(start, "start is null");
    }

    /** Ends the phase in progress, named {@code phase}, and starts the next. */
    void lap(String phase) {
        Instant now = clock.instant();
        laps.merge(phase, Duration.between(lapStart, now), Duration::plus);
        lapStart = now;
    }

    /** {@code prepare 120 ms, drain 3.9 s, ...} in the order the phases ran. */
    @Override
    public String toString() {
        return laps.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms")
                .collect(Collectors.joining(", "));
    }
}
