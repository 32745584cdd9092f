package io.lambdaarch.common.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path must agree with java.time's ISO_OFFSET_DATE_TIME on every text, valid or not. */
class OffsetTimestampsTest {
    private static final String[] YEARS = {"2026", "0000", "0001", "9999", "1970", "2024", "2023", "20x6", "+2026", "-001", "12345"};
    private static final String[] MONTHS = {"01", "02", "11", "12", "00", "13", "1", "x2"};
    private static final String[] DAYS = {"01", "28", "29", "30", "31", "00", "32", "9"};
    private static final String[] HOURS = {"00", "09", "23", "24", "25", "7"};
    private static final String[] MINUTES = {"00", "30", "59", "60"};
    private static final String[] SECONDS = {"00", "59", "60", "61", "", "5"};
    private static final String[] FRACTIONS = {"", ".", ".1", ".12", ".123", ".123456", ".123456789", ".1234567890", ".000", ".9x"};
    private static final String[] OFFSETS = {"Z", "z", "+00:00", "-00:00", "+01:00", "-03:30", "+05:45", "+14:00", "-12:00",
        "+18:00", "-18:00", "+18:01", "+19:00", "+01:60", "+0100", "+01", "+01:00:00", "+01:00:30", "", "UTC", "+1:00", " Z"};
    private static final String[] SEPARATORS = {"T", "t", " "};

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T09:00:00Z", "2026-11-26T09:00:00.123Z", "2026-11-26T09:00:00.123456789+05:30",
        "2026-11-26T09:00:00-08:00", "1970-01-01T00:00:00.5-00:30"})
    void shouldTakeTheFastPathForTheCommonShapes(String text) {
        assertThat(OffsetTimestamps.parseCommonShape(text))
                .isEqualTo(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-26T09:00Z", "2026-11-26t09:00:00Z", "2026-11-26T09:00:00z", "2026-11-26T09:00:00.Z",
        "2026-11-26T09:00:00+01:00:00", "+2026-11-26T09:00:00Z", "2026-11-26T09:00:00", "2026-11-26 09:00:00Z"})
    void shouldLeaveOtherShapesToTheFormatter(String text) {
        assertThat(OffsetTimestamps.parseCommonShape(text)).isNull();
    }

    @Test
    void shouldAgreeWithTheFormatterOnEveryCombination() {
        long compared = 0;
        long valid = 0;
        for (String year : YEARS) {
            for (String month : MONTHS) {
                for (String day : DAYS) {
                    for (String offset : OFFSETS) {
                        for (String fraction : FRACTIONS) {
                            String text = year + "-" + month + "-" + day + "T12:34:56" + fraction + offset;
                            valid += assertSameOutcome(text) ? 1 : 0;
                            compared++;
                        }
                    }
                }
            }
        }
        for (String separator : SEPARATORS) {
            for (String hour : HOURS) {
                for (String minute : MINUTES) {
                    for (String second : SECONDS) {
                        for (String offset : OFFSETS) {
                            String seconds = second.isEmpty() ? "" : ":" + second;
                            valid += assertSameOutcome("2024-02-29" + separator + hour + ":" + minute + seconds + offset) ? 1 : 0;
                            compared++;
                        }
                    }
                }
            }
        }
        // Both outcomes must be well represented, or the comparison proves little.
        assertThat(valid).isGreaterThan(1_000);
        assertThat(compared - valid).isGreaterThan(10_000);
    }

    @Test
    void shouldAgreeWithTheFormatterOnRandomMutationsOfValidText() {
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "0123456789-:T.Z+z ";
        for (int i = 0; i < 200_000; i++) {
            char[] text = "2026-02-28T23:59:59.123456+13:45".substring(0, 20 + random.nextInt(13)).toCharArray();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            assertSameOutcome(new String(text));
        }
    }

    /** Asserts both parsers give the same instant and offset, or both refuse; true when the text is valid. */
    private static boolean assertSameOutcome(String text) {
        OffsetDateTime expected;
        try {
            expected = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeException e) {
            expected = null;
        }
        OffsetDateTime actual;
        try {
            actual = OffsetTimestamps.parse(text);
        } catch (DateTimeException e) {
            actual = null;
        }
        assertThat(actual).as("parse of \"%s\"", text).isEqualTo(expected);
        return expected != null;
    }
}
