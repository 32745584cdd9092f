package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InstantTextTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T09:15:30Z", "2026-11-26T09:15:30.250Z", "2026-11-26T09:15:30.123456Z",
        "2026-11-26T09:15:30.000001Z", "2026-11-26T09:15:30.100Z", "2026-11-26T09:15:30.123456789Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999Z", "1969-12-31T23:59:59.5Z", "2000-02-29T12:00:00Z", "0999-03-01T00:00:00Z"})
    void shouldWriteWhatIsoInstantWrites(String text) {
        Instant instant = Instant.parse(text);
        assertThat(InstantText.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
    }

    @Test
    void shouldAgreeWithIsoInstantOnRandomInstantsOfEveryStorableYear() {
        SplittableRandom random = new SplittableRandom(20261126L);
        long first = EventValidator.EARLIEST_STORABLE.getEpochSecond();
        long end = EventValidator.END_OF_STORABLE.getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(random.nextLong(first, end), nanos);
            assertThat(InstantText.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    @Test
    void shouldLeaveYearsOutsideTheStorableRangeToTheFormatter() {
        Instant far = Instant.parse("+10000-01-01T00:00:00Z");
        assertThat(InstantText.format(far)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(far));
    }
}
