package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigReaderTest {
    private static final String KEY = "LAMBDA_TEST";

    enum Mode {
        FAST, SAFE;

        String externalName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Test
    void shouldReadRequiredString() {
        ConfigReader reader = reader("  value  ");

        assertThat(reader.requiredString(KEY, "a value")).isEqualTo("value");
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   "})
    void shouldReportBlankRequiredStringAsMissing(String blank) {
        ConfigReader reader = reader(blank);

        assertThat(reader.requiredString(KEY, "a value")).isEmpty();
        assertThat(problems(reader)).containsExactly("Missing LAMBDA_TEST: expected a value");
    }

    @Test
    void shouldFallBackToDefaultsWhenAbsent() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of()));

        assertThat(reader.string(KEY, "default")).isEqualTo("default");
        assertThat(reader.optionalString(KEY)).isEmpty();
        assertThat(reader.secret(KEY, "").isEmpty()).isTrue();
        assertThat(reader.longValue(KEY, 7, 0, 10)).isEqualTo(7);
        assertThat(reader.intValue(KEY, 8, 0, 10)).isEqualTo(8);
        assertThat(reader.doubleValue(KEY, 0.5, 0, 1)).isEqualTo(0.5);
        assertThat(reader.bool(KEY, true)).isTrue();
        assertThat(reader.duration(KEY, Duration.ofMinutes(5), Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(reader.optionalUri(KEY, "http")).isEmpty();
        assertThat(reader.enumValue(KEY, Mode.class, Mode.SAFE, Mode::externalName)).isEqualTo(Mode.SAFE);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"-10, -10", "0, 0", "10, 10", "' 7 ', 7"})
    void shouldReadIntegersInRange(String raw, long expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.longValue(KEY, 99, -10, 10)).isEqualTo(expected);
        assertThat(reader.intValue(KEY, 99, -10, 10)).isEqualTo((int) expected);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-11", "11", "abc", "1.5", "1e3", "0x10", "99999999999999999999"})
    void shouldReportIntegersOutOfRangeOrMalformed(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.longValue(KEY, 3, -10, 10)).isEqualTo(3);
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "an integer from -10 to 10"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0.0", "0.25, 0.25", "1, 1.0", "2.5e-1, 0.25"})
    void shouldReadNumbersInRange(String raw, double expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.doubleValue(KEY, 0.5, 0, 1)).isEqualTo(expected);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-0.1", "1.01", "NaN", "Infinity", "half"})
    void shouldReportNumbersOutOfRangeOrMalformed(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.doubleValue(KEY, 0.5, 0, 1)).isEqualTo(0.5);
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "a number from 0.0 to 1.0"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"true, true", "TRUE, true", "yes, true", "Yes, true", "1, true",
        "false, false", "False, false", "no, false", "NO, false", "0, false"})
    void shouldReadBooleans(String raw, boolean expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.bool(KEY, !expected)).isEqualTo(expected);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maybe", "on", "off", "2", "t"})
    void shouldReportMalformedBooleans(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.bool(KEY, true)).isTrue();
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "true or false"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1s, PT1S", "90s, PT1M30S", "PT2H, PT2H"})
    void shouldReadDurationsOfAtLeastTheMinimum(String raw, Duration expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.duration(KEY, Duration.ofHours(1), Duration.ofSeconds(1))).isEqualTo(expected);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "0s     | a duration of at least 1s",
        "999ms  | a duration of at least 1s",
        "PT-1S  | a duration of at least 1s",
        "soon   | a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S",
        "10     | a duration such as 500ms, 30s, 5m, 2h, 7d or PT30S"})
    void shouldReportDurationsBelowTheMinimumOrMalformed(String raw, String expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.duration(KEY, Duration.ofHours(1), Duration.ofSeconds(1))).isEqualTo(Duration.ofHours(1));
        assertThat(problems(reader)).containsExactly(invalidValue(raw, expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost:9000", "https://s3.eu-central-1.amazonaws.com", "HTTP://minio:9000/",
        "http://127.0.0.1:9000"})
    void shouldReadUrisWithAllowedScheme(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.optionalUri(KEY, "http", "https")).contains(URI.create(raw));
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://localhost", "localhost:9000", "/relative/path", "http:///no-host", "http://bad host",
        "http://under_score:9000"})
    void shouldReportUrisWithOtherSchemesOrWithoutHost(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.optionalUri(KEY, "http", "https")).isEmpty();
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "an absolute URI with scheme http or https"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"fast, FAST", "SAFE, SAFE", "Fast, FAST"})
    void shouldReadEnumsByExternalNameIgnoringCase(String raw, Mode expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.enumValue(KEY, Mode.class, Mode.SAFE, Mode::externalName)).isEqualTo(expected);
        assertThat(reader.isValid()).isTrue();
    }

    @Test
    void shouldReportUnknownEnumValueListingTheChoices() {
        ConfigReader reader = reader("slow");

        assertThat(reader.enumValue(KEY, Mode.class, Mode.SAFE, Mode::externalName)).isEqualTo(Mode.SAFE);
        assertThat(problems(reader)).containsExactly(
                "Invalid value slow for LAMBDA_TEST (from given): expected one of fast, safe");
    }

    @Test
    void shouldRecordBrokenCrossFieldRules() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of()));

        reader.check(true, "never reported");
        reader.check(false, "LAMBDA_A must be less than LAMBDA_B");

        assertThat(problems(reader)).containsExactly("LAMBDA_A must be less than LAMBDA_B");
    }

    @Test
    void shouldNameWhereTheBadValueCameFrom() {
        ConfigSource source = ConfigSource.of(Map.of("LAMBDA_A", "x"))
                .withOverrides(Map.of("LAMBDA_B", "y"), "option --b");
        ConfigReader reader = new ConfigReader(source);

        reader.longValue("LAMBDA_A", 0, 0, 1);
        reader.longValue("LAMBDA_B", 0, 0, 1);

        assertThat(problems(reader)).containsExactly(
                "Invalid value x for LAMBDA_A (from given): expected an integer from 0 to 1",
                "Invalid value y for LAMBDA_B (from option --b): expected an integer from 0 to 1");
    }

    @Test
    void shouldReportEveryProblemInOneException() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of(
                "LAMBDA_COUNT", "many",
                "LAMBDA_FLAG", "perhaps",
                "LAMBDA_WAIT", "forever")));

        reader.requiredString("LAMBDA_NAME", "a name");
        reader.longValue("LAMBDA_COUNT", 1, 1, 100);
        reader.bool("LAMBDA_FLAG", false);
        reader.duration("LAMBDA_WAIT", Duration.ofSeconds(1), Duration.ZERO);

        ConfigException failure = assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(reader::validate)
                .actual();
        assertThat(failure.problems()).containsExactly(
                "Missing LAMBDA_NAME: expected a name",
                "Invalid value many for LAMBDA_COUNT (from given): expected an integer from 1 to 100",
                "Invalid value perhaps for LAMBDA_FLAG (from given): expected true or false",
                "Invalid value forever for LAMBDA_WAIT (from given): expected " + Durations.EXPECTED);
        assertThat(failure.getMessage()).isEqualTo(String.join(System.lineSeparator(),
                "4 configuration problems:",
                "  - Missing LAMBDA_NAME: expected a name",
                "  - Invalid value many for LAMBDA_COUNT (from given): expected an integer from 1 to 100",
                "  - Invalid value perhaps for LAMBDA_FLAG (from given): expected true or false",
                "  - Invalid value forever for LAMBDA_WAIT (from given): expected " + Durations.EXPECTED));
    }

    @Test
    void shouldUseTheProblemAsMessageWhenThereIsOnlyOne() {
        assertThat(new ConfigException("Missing LAMBDA_NAME: expected a name").getMessage())
                .isEqualTo("Missing LAMBDA_NAME: expected a name");
    }

    @Test
    void shouldNotThrowWhenEverythingIsValid() {
        ConfigReader reader = reader("5");
        reader.longValue(KEY, 1, 1, 10);

        assertThatNoException().isThrownBy(reader::validate);
    }

    private static ConfigReader reader(String value) {
        return new ConfigReader(ConfigSource.of(Map.of(KEY, value)));
    }

    private static String invalidValue(String raw, String expected) {
        return "Invalid value " + raw + " for " + KEY + " (from given): expected " + expected;
    }

    private static List<String> problems(ConfigReader reader) {
        assertThat(reader.isValid()).isFalse();
        return assertThatExceptionOfType(ConfigException.class).isThrownBy(reader::validate).actual().problems();
    }
}
