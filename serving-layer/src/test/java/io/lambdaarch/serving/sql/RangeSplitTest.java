package io.lambdaarch.serving.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeSplitTest {
    private static final Instant CUTOFF = Instant.parse("2026-12-07T05:00:00Z");

    private static Instant t(String text) {
        return Instant.parse(text);
    }

    private static RangeSplit.Hours hours(String from, String to) {
        return new RangeSplit.Hours(Optional.ofNullable(from).map(Instant::parse), Optional.ofNullable(to).map(Instant::parse));
    }

    @Test
    void shouldReadTheWholeDaysOfARaggedRangeFromTheDayGrain() {
        RangeSplit split = RangeSplit.of(TimeRange.of(t("2026-11-01T05:00:00Z"), t("2026-11-04T07:00:00Z")),
                Optional.of(CUTOFF));

        assertThat(split.days()).contains(new RangeSplit.Days(Optional.of(t("2026-11-02T00:00:00Z")), t("2026-11-04T00:00:00Z")));
        assertThat(split.hours()).containsExactly(hours("2026-11-01T05:00:00Z", "2026-11-02T00:00:00Z"),
                hours("2026-11-04T00:00:00Z", "2026-11-04T07:00:00Z"));
    }

    @Test
    void shouldCountAnHourInTheRangeWhenItsStartIs() {
        // from 00:30 leaves out the hour from 00:00, so that day is not whole; to 23:30 takes in the hour from 23:00
        RangeSplit split = RangeSplit.of(TimeRange.of(t("2026-11-01T00:30:00Z"), t("2026-11-03T23:30:00Z")),
                Optional.of(CUTOFF));

        assertThat(split.days()).contains(new RangeSplit.Days(Optional.of(t("2026-11-02T00:00:00Z")), t("2026-11-04T00:00:00Z")));
        assertThat(split.hours()).containsExactly(hours("2026-11-01T00:30:00Z", "2026-11-02T00:00:00Z"));
    }

    @Test
    void shouldReadNoDayAtOrAfterTheDayOfTheCutoff() {
        RangeSplit split = RangeSplit.of(TimeRange.of(t("2026-12-01T00:00:00Z"), t("2026-12-10T00:00:00Z")),
                Optional.of(CUTOFF));

        assertThat(split.days()).contains(new RangeSplit.Days(Optional.of(t("2026-12-01T00:00:00Z")), t("2026-12-07T00:00:00Z")));
        assertThat(split.hours()).containsExactly(hours("2026-12-07T00:00:00Z", "2026-12-10T00:00:00Z"));
    }

    @Test
    void shouldReadOnlyHoursWithoutAWholeDayOrACutoff() {
        TimeRange ragged = TimeRange.of(t("2026-11-01T05:00:00Z"), t("2026-11-02T05:00:00Z"));
        TimeRange aligned = TimeRange.of(t("2026-11-01T00:00:00Z"), t("2026-11-03T00:00:00Z"));
        TimeRange afterCutoffDay = TimeRange.of(t("2026-12-07T00:00:00Z"), t("2026-12-09T00:00:00Z"));

        assertThat(RangeSplit.mayHaveWholeDays(ragged)).isFalse();
        assertThat(RangeSplit.of(ragged, Optional.of(CUTOFF)).days()).isEmpty();
        assertThat(RangeSplit.of(aligned, Optional.empty()).days()).isEmpty();
        assertThat(RangeSplit.of(aligned, Optional.empty()).hours()).containsExactly(hours("2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z"));
        assertThat(RangeSplit.of(afterCutoffDay, Optional.of(CUTOFF)).days()).isEmpty();
    }

    @Test
    void shouldReadEveryDayBeforeTheCutoffDayOfAnOpenRange() {
        RangeSplit all = RangeSplit.of(TimeRange.all(), Optional.of(CUTOFF));
        RangeSplit from = RangeSplit.of(new TimeRange(Optional.of(t("2026-11-30T12:00:00Z")), Optional.empty()),
                Optional.of(CUTOFF));

        assertThat(all.days()).contains(new RangeSplit.Days(Optional.empty(), t("2026-12-07T00:00:00Z")));
        assertThat(all.hours()).containsExactly(hours("2026-12-07T00:00:00Z", null));
        assertThat(from.hours()).containsExactly(hours("2026-11-30T12:00:00Z", "2026-12-01T00:00:00Z"),
                hours("2026-12-07T00:00:00Z", null));
    }

    /** Every event hour of a range is read exactly once, from one grain or the other, whatever the range and cutoff. */
    @Test
    void shouldCoverEveryHourOfTheRangeExactlyOnce() {
        Random random = new Random(7);
        Instant base = t("2026-10-01T00:00:00Z");
        for (int i = 0; i < 2000; i++) {
            Instant from = base.plusSeconds(random.nextInt(60 * 24 * 3600));
            Instant to = from.plusSeconds(1 + random.nextInt(random.nextBoolean() ? 3 * 24 * 3600 : 50 * 24 * 3600));
            Instant cutoff = base.plusSeconds(random.nextInt(90 * 24 * 3600));
            TimeRange range = TimeRange.of(from, to);
            RangeSplit split = RangeSplit.mayHaveWholeDays(range) ? RangeSplit.of(range, Optional.of(cutoff))
                    : RangeSplit.hoursOnly(range);

            for (Instant hour = base.minus(Duration.ofDays(2)); hour.isBefore(base.plus(Duration.ofDays(120)));
                    hour = hour.plus(Duration.ofHours(1))) {
                Instant h = hour;
                boolean inRange = !h.isBefore(from) && h.isBefore(to);
                List<String> readBy = new ArrayList<>();
                split.hours().stream().filter(part -> part.from().map(f -> !h.isBefore(f)).orElse(true)
                        && part.to().map(h::isBefore).orElse(true)).forEach(part -> readBy.add("hours " + part));
                split.days().filter(days -> days.first().map(f -> !h.isBefore(f)).orElse(true) && h.isBefore(days.end()))
                        .ifPresent(days -> readBy.add("days " + days));
                assertThat(readBy).as("hour %s of [%s, %s) with cutoff %s", h, from, to, cutoff).hasSize(inRange ? 1 : 0);
                split.days().ifPresent(days -> assertThat(days.end()).isBeforeOrEqualTo(cutoff));
            }
        }
    }
}
