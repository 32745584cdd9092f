package io.lambdaarch.serving.sql;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a range of event time is read from batch_view's two grains: the whole UTC days in its middle from the day grain,
 * the hours at its ragged ends from the hour grain. Only days wholly before the day of the batch cutoff are read from
 * the day grain. Every hour of the range is read exactly once, from one grain or the other, and the day grain holds
 * batch_view's rows summed by day, so any split gives the same sums; the split only decides how many rows are read.
 *
 * @param range the range asked for (event hours whose start lies in it, {@link TimeRange})
 * @param days the whole days read from the day grain, {@code [first, end)} with an open first when the range is open
 *     at its start; empty when no whole day qualifies
 */
public record RangeSplit(TimeRange range, Optional<Days> days) {
    private static final Duration DAY = Duration.ofDays(1);

    public RangeSplit {
        requireNonNull(range, "range is null");
        requireNonNull(days, "days is null");
    }

    /** Whole days {@code [first, end)}; {@code first} is open when the range is. */
    public record Days(Optional<Instant> first, Instant end) {
        public Days {
            requireNonNull(first, "first is null");
            requireNonNull(end, "end is null");
        }
    }

    /** A range of the hour grain: event hours in {@code [from, to)}, either end open. */
    public record Hours(Optional<Instant> from, Optional<Instant> to) {
    }

    /** The range read from the hour grain alone. */
    public static RangeSplit hoursOnly(TimeRange range) {
        return new RangeSplit(range, Optional.empty());
    }

    /**
     * The days of {@code range} read from the day grain: those whose every hour starts in the range and that end at or
     * before the start of the day of {@code cutoff}; none without a cutoff (no recompute yet).
     */
    public static RangeSplit of(TimeRange range, Optional<Instant> cutoff) {
        if (cutoff.isEmpty()) {
            return hoursOnly(range);
        }
        // A day is whole in the range when its first hour starts at or after from and its last hour starts before to.
        Optional<Instant> first = range.from().map(RangeSplit::ceilDay);
        Instant end = floorDay(cutoff.get());
        if (range.to().isPresent()) {
            Instant lastWhole = floorDay(ceilHour(range.to().get()));
            end = lastWhole.isBefore(end) ? lastWhole : end;
        }
        if (first.isPresent() && !first.get().isBefore(end)) {
            return hoursOnly(range);
        }
        return new RangeSplit(range, Optional.of(new Days(first, end)));
    }

    /** The parts of the range read from the hour grain, in time order (one part, the whole range, without days). */
    public List<Hours> hours() {
        if (days.isEmpty()) {
            return List.of(new Hours(range.from(), range.to()));
        }
        List<Hours> parts = new ArrayList<>();
        Days whole = days.get();
        whole.first().ifPresent(first -> {
            if (range.from().orElseThrow().isBefore(first)) {
                parts.add(new Hours(range.from(), Optional.of(first)));
            }
        });
        if (range.to().isEmpty() || whole.end().isBefore(range.to().get())) {
            parts.add(new Hours(Optional.of(whole.end()), range.to()));
        }
        return List.copyOf(parts);
    }

    /**
     * True when the range may hold a whole day, so it is worth reading the cutoff for {@link #of}; false for a range
     * shorter than its first whole day (a ragged 24-hour window), which reads the hour grain alone.
     */
    public static boolean mayHaveWholeDays(TimeRange range) {
        if (range.from().isEmpty() || range.to().isEmpty()) {
            return true;
        }
        return ceilDay(range.from().get()).isBefore(floorDay(ceilHour(range.to().get())));
    }

    private static Instant floorDay(Instant time) {
        return time.truncatedTo(ChronoUnit.DAYS);
    }

    private static Instant ceilDay(Instant time) {
        Instant floor = floorDay(time);
        return floor.equals(time) ? floor : floor.plus(DAY);
    }

    private static Instant ceilHour(Instant time) {
        Instant floor = time.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(time) ? floor : floor.plus(Duration.ofHours(1));
    }
}
