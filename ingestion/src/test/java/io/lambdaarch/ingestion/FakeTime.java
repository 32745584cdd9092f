package io.lambdaarch.ingestion;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to, and a sleeper that records each wait and moves the clock by it. */
public final class FakeTime implements Sleeper {
    private final List<Duration> sleeps = new ArrayList<>();
    private Instant now;

    public FakeTime(Instant start) {
        this.now = start;
    }

    public synchronized Instant now() {
        return now;
    }

    public synchronized void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public synchronized void sleep(Duration duration) {
        sleeps.add(duration);
        now = now.plus(duration);
    }

    /** Every wait so far, in order. */
    public synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    /** A {@link Clock} reading this fake time. */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }
}
