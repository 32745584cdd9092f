package io.lambdaarch.common.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class IngestBucketsTest {

    @ParameterizedTest(name = "floor({0}, {1}) = {2}")
    @CsvSource({
        // one minute, the demo's bucket
        "2026-11-26T09:15:30Z,          PT1M,  2026-11-26T09:15:00Z",
        "2026-11-26T09:15:00Z,          PT1M,  2026-11-26T09:15:00Z",
        "2026-11-26T09:15:59.999999Z,   PT1M,  2026-11-26T09:15:00Z",
        "2026-11-26T09:16:00Z,          PT1M,  2026-11-26T09:16:00Z",
        // one hour, the default
        "2026-11-26T09:15:30Z,          PT1H,  2026-11-26T09:00:00Z",
        "2026-11-26T09:59:59.999999Z,   PT1H,  2026-11-26T09:00:00Z",
        "2026-11-26T10:00:00Z,          PT1H,  2026-11-26T10:00:00Z",
        "2026-12-31T23:59:59.999999Z,   PT1H,  2026-12-31T23:00:00Z",
        // sizes that do not divide a minute, an hour or a day stay aligned to the epoch
        "1970-01-01T00:00:20Z,          PT7S,  1970-01-01T00:00:14Z",
        "1970-01-01T00:00:21Z,          PT7S,  1970-01-01T00:00:21Z",
        "1970-01-01T00:00:27.999999Z,   PT7S,  1970-01-01T00:00:21Z",
        "2026-11-26T09:15:30Z,          PT7S,  2026-11-26T09:15:27Z",
        "2026-11-26T10:45:00Z,          PT1H30M, 2026-11-26T10:30:00Z",
        "2026-11-26T09:15:30Z,          P1D,   2026-11-26T00:00:00Z",
        // before the epoch, flooring goes down, not toward zero
        "1969-12-31T23:59:59Z,          PT1M,  1969-12-31T23:59:00Z",
        "1969-12-31T23:59:59.999999Z,   PT1H,  1969-12-31T23:00:00Z",
        "1969-12-31T23:00:00Z,          PT1H,  1969-12-31T23:00:00Z",
        "1969-12-31T23:59:59Z,          PT7S,  1969-12-31T23:59:53Z",
        "1969-12-31T23:59:53Z,          PT7S,  1969-12-31T23:59:53Z",
        "1969-12-31T23:59:52Z,          PT7S,  1969-12-31T23:59:46Z",
        "0001-01-01T00:00:30Z,          PT1M,  0001-01-01T00:00:00Z",
        // microsecond precision
        "2026-11-26T09:15:30.123456789Z, PT0.000001S, 2026-11-26T09:15:30.123456Z",
        "2026-11-26T09:15:30.600Z,      PT0.25S, 2026-11-26T09:15:30.500Z",
        "2026-11-26T09:15:30.000000999Z, PT1S, 2026-11-26T09:15:30Z",
        "1969-12-31T23:59:59.9999995Z,  PT0.000001S, 1969-12-31T23:59:59.999999Z",
        "1969-12-31T23:59:59.999999Z,   PT0.000002S, 1969-12-31T23:59:59.999998Z"})
    void shouldFloorToTheStartOfTheBucket(Instant time, Duration size, Instant expected) {
        assertThat(IngestBuckets.floor(time, size)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidSizes() {
        return Stream.of(
                arguments(Duration.ZERO, "ingest bucket size must be positive: PT0S"),
                arguments(Duration.ofSeconds(-60), "ingest bucket size must be positive: PT-1M"),
                arguments(Duration.ofNanos(500), "ingest bucket size must be whole microseconds: PT0.0000005S"),
                arguments(Duration.ofNanos(1500), "ingest bucket size must be whole microseconds: PT0.0000015S"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSizes")
    void shouldRejectSizesThatAreNotPositiveWholeMicroseconds(Duration size, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> IngestBuckets.floor(Instant.parse("2026-11-26T09:15:30Z"), size))
                .withMessage(message);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT1S, 1", "PT7S, 7", "PT1M, 60", "PT1H, 3600", "P1D, 86400"})
    void shouldGiveSizeInWholeSeconds(Duration size, long expected) {
        assertThat(IngestBuckets.sizeSeconds(size)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "PT1.5S     | ingest bucket size must be whole seconds: PT1.5S",
        "PT0.000001S| ingest bucket size must be whole seconds: PT0.000001S",
        "PT0S       | ingest bucket size must be positive: PT0S",
        "PT-1S      | ingest bucket size must be positive: PT-1S"})
    void shouldRejectSizesThatAreNotPositiveWholeSeconds(Duration size, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> IngestBuckets.sizeSeconds(size)).withMessage(message);
    }

    @Test
    void shouldPutEveryInstantOfABucketIntoTheSameBucket() {
        Duration size = Duration.ofSeconds(7);
        Instant start = Instant.parse("2026-11-26T09:15:27Z");

        for (long micros = 0; micros < size.toNanos() / 1_000; micros += 999) {
            assertThat(IngestBuckets.floor(start.plusNanos(micros * 1_000), size)).isEqualTo(start);
        }
        assertThat(IngestBuckets.floor(start.plus(size), size)).isEqualTo(start.plus(size));
        assertThat(IngestBuckets.floor(start.minusNanos(1_000), size)).isEqualTo(start.minus(size));
    }
}
