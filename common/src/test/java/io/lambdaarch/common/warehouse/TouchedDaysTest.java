package io.lambdaarch.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class TouchedDaysTest {
    private static LocalDate day(String text) {
        return LocalDate.parse(text);
    }

    @Test
    void shouldJoinConsecutiveDaysIntoRangesInOrder() {
        TouchedDays touched = TouchedDays.of(List.of(day("2026-12-03"), day("2026-11-30"), day("2026-12-01"),
                day("2026-12-01"), day("2026-12-05"), day("2026-12-04")));

        assertThat(touched.ranges()).containsExactly(
                new TouchedDays.DayRange(day("2026-11-30"), day("2026-12-02")),
                new TouchedDays.DayRange(day("2026-12-03"), day("2026-12-06")));
    }

    @Test
    void shouldTakeTheUtcDayOfEachEventHour() {
        TouchedDays touched = TouchedDays.ofHours(List.of(Instant.parse("2026-12-31T23:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), Instant.parse("2026-02-14T07:00:00Z")));

        assertThat(touched.days()).containsExactly(day("2026-02-14"), day("2026-12-31"), day("2027-01-01"));
        assertThat(touched.ranges()).containsExactly(
                new TouchedDays.DayRange(day("2026-02-14"), day("2026-02-15")),
                new TouchedDays.DayRange(day("2026-12-31"), day("2027-01-02")));
    }

    @Test
    void shouldTellNothingFromEveryDay() {
        assertThat(TouchedDays.of(List.of()).isEmpty()).isTrue();
        assertThat(TouchedDays.of(List.of()).ranges()).isEmpty();
        assertThat(TouchedDays.all().isEmpty()).isFalse();
        assertThatIllegalStateException().isThrownBy(() -> TouchedDays.all().ranges());
    }
}
