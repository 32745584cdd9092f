package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "500ms|PT0.5S",
        "30s|PT30S",
        "5m|PT5M",
        "2h|PT2H",
        "7d|PT168H",
        "0s|PT0S",
        "0ms|PT0S",
        " 10 s |PT10S",
        "10S|PT10S",
        "2H|PT2H",
        "1500MS|PT1.5S",
        "PT30S|PT30S",
        "pt30s|PT30S",
        "PT0.5S|PT0.5S",
        "P1D|PT24H",
        "PT1H30M|PT1H30M",
        "106751991167300d|PT2562047788015200H"})
    void shouldParseShortAndIsoForms(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "abc", "10", "10x", "-5s", "+5s", "1.5h", "5 minutes", "ms", "s10", "10s10m",
        "P", "PT", "99999999999999999999s", "9223372036854775807d", "106751991167301d"})
    void shouldRejectEverythingElseNamingTheExpectedSyntax(String text) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Durations.parse(text))
                .withMessage("expected a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "PT0.5S, 500ms",
        "PT30S, 30s",
        "PT90S, 90s",
        "PT5M, 5m",
        "PT2H, 2h",
        "PT36H, 36h",
        "PT48H, 2d",
        "PT168H, 7d",
        "PT0S, 0s",
        "PT1.5S, 1500ms",
        "PT1M0.001S, 60001ms",
        "PT0.0000015S, PT0.0000015S",
        "PT1.0000005S, PT1.0000005S"})
    void shouldFormatAsTheShortestExactForm(Duration duration, String expected) {
        assertThat(Durations.format(duration)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT0.001S", "PT0.5S", "PT59S", "PT61S", "PT1H1S", "PT25H", "P365D", "PT0.000001S",
        "PT1.0000005S"})
    void shouldParseWhatItFormats(Duration duration) {
        assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
}
