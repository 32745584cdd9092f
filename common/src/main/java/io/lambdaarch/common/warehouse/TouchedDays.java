package io.lambdaarch.common.warehouse;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The UTC days whose rows of batch_view a batch run changed, so {@link ViewRollups#refresh} derives those days again:
 * every day (a full recompute) or a set of days (an incremental fold, whose late events touch old days).
 *
 * @param everyDay every day, whatever {@code days} holds
 * @param days the days, when not all
 */
public record TouchedDays(boolean everyDay, SortedSet<LocalDate> days) {
    public TouchedDays {
        days = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(days, "days is null")));
    }

    /** Every day: batch_view was rebuilt whole. */
    public static TouchedDays all() {
        return new TouchedDays(true, new TreeSet<>());
    }

    /** These days. */
    public static TouchedDays of(Collection<LocalDate> days) {
        return new TouchedDays(false, new TreeSet<>(days));
    }

    /** The days of these event hours (or any instants): each one's UTC day. */
    public static TouchedDays ofHours(Collection<Instant> eventHours) {
        TreeSet<LocalDate> days = new TreeSet<>();
        eventHours.forEach(hour -> days.add(LocalDate.ofInstant(hour, ZoneOffset.UTC)));
        return new TouchedDays(false, days);
    }

    /** True when nothing was touched. */
    public boolean isEmpty() {
        return !everyDay && days.isEmpty();
    }

    /** The days as runs of consecutive days, in order, so the SQL names a few ranges instead of every day. */
    public List<DayRange> ranges() {
        if (everyDay) {
            throw new IllegalStateException("every day is touched: there are no ranges to list");
        }
        List<DayRange> ranges = new ArrayList<>();
        LocalDate first = null;
        LocalDate next = null;
        for (LocalDate day : days) {
            if (first != null && !day.equals(next)) {
                ranges.add(new DayRange(first, next));
                first = null;
            }
            if (first == null) {
                first = day;
            }
            next = day.plusDays(1);
        }
        if (first != null) {
            ranges.add(new DayRange(first, next));
        }
        return ranges;
    }

    /** The days {@code [first, end)}. */
    public record DayRange(LocalDate first, LocalDate end) {
        public DayRange {
            requireNonNull(first, "first is null");
            requireNonNull(end, "end is null");
            if (!first.isBefore(end)) {
                throw new IllegalArgumentException("a day range needs first before end: " + first + ", " + end);
            }
        }
    }
}
