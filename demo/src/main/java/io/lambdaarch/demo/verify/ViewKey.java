package io.lambdaarch.demo.verify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** One group of the view: an event hour and a location. */
public record ViewKey(Instant eventHour, String location) implements Comparable<ViewKey> {
    public ViewKey {
        requireNonNull(eventHour, "eventHour is null");
        requireNonNull(location, "location is null");
    }

    @Override
    public int compareTo(ViewKey other) {
        int byHour = eventHour.compareTo(other.eventHour);
        return byHour != 0 ? byHour : location.compareTo(other.location);
    }
}
