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
    private static final Setting<String> REQUIRED = define(SettingType.string()).required("a value").doc("required text");
    private static final Setting<String> TEXT = define(SettingType.string()).defaultValue("default").doc("text");
    private static final Setting<String> OPTIONAL_TEXT = define(SettingType.string()).doc("optional text");
    private static final Setting<Secret> SECRET = define(SettingType.secret()).doc("a secret");
    private static final Setting<Long> LONG = define(SettingType.longInteger(-10, 10)).defaultValue(7L).doc("a long");
    private static final Setting<Integer> INT = define(SettingType.integer(-10, 10)).defaultValue(8).doc("an int");
    private static final Setting<Boolean> BOOL = define(SettingType.bool()).defaultValue(true).doc("a flag");
    private static final Setting<Duration> DURATION = define(SettingType.duration(Duration.ofSeconds(1)))
            .defaultValue(Duration.ofHours(1)).doc("a duration");
    private static final Setting<Duration> SECONDS = define(SettingType.wholeSeconds(Duration.ofSeconds(1), Duration.ofDays(7)))
            .defaultValue(Duration.ofHours(1)).doc("whole seconds");
    private static final Setting<URI> URI_SETTING = define(SettingType.uri("http", "https")).doc("a URI");

    enum Mode {
        FAST, SAFE;

        String externalName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static <T> Setting.Builder<T> define(SettingType<T> type) {
        return Setting.define(KEY, type, Service.BATCH);
    }

    @Test
    void shouldReadRequiredString() {
        ConfigReader reader = reader("  value  ");

        assertThat(reader.get(REQUIRED)).isEqualTo("value");
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   "})
    void shouldReportBlankRequiredStringAsMissing(String blank) {
        ConfigReader reader = reader(blank);

        assertThat(reader.get(REQUIRED)).isEmpty();
        assertThat(problems(reader)).containsExactly("Missing LAMBDA_TEST: expected a value");
    }

    @Test
    void shouldFallBackToDefaultsWhenAbsent() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of()));

        assertThat(reader.get(TEXT)).isEqualTo("default");
        assertThat(reader.optional(OPTIONAL_TEXT)).isEmpty();
        assertThat(reader.optional(SECRET)).isEmpty();
        assertThat(reader.get(LONG)).isEqualTo(7);
        assertThat(reader.get(INT)).isEqualTo(8);
        assertThat(reader.get(BOOL)).isTrue();
        assertThat(reader.get(DURATION)).isEqualTo(Duration.ofHours(1));
        assertThat(reader.optional(URI_SETTING)).isEmpty();
        assertThat(reader.get(mode())).isEqualTo(Mode.SAFE);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"-10, -10", "0, 0", "10, 10", "' 7 ', 7"})
    void shouldReadIntegersInRange(String raw, long expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(LONG)).isEqualTo(expected);
        assertThat(reader.get(INT)).isEqualTo((int) expected);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-11", "11", "abc", "1.5", "1e3", "0x10", "99999999999999999999"})
    void shouldReportIntegersOutOfRangeOrMalformed(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(LONG)).isEqualTo(7);
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "an integer from -10 to 10"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"true, true", "TRUE, true", "yes, true", "Yes, true", "1, true",
        "false, false", "False, false", "no, false", "NO, false", "0, false"})
    void shouldReadBooleans(String raw, boolean expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(BOOL)).isEqualTo(expected);
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maybe", "on", "off", "2", "t"})
    void shouldReportMalformedBooleans(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(BOOL)).isTrue();
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "true or false"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1s, PT1S", "90s, PT1M30S", "PT2H, PT2H"})
    void shouldReadDurationsOfAtLeastTheMinimum(String raw, Duration expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(DURATION)).isEqualTo(expected);
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

        assertThat(reader.get(DURATION)).isEqualTo(Duration.ofHours(1));
        assertThat(problems(reader)).containsExactly(invalidValue(raw, expected));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://localhost:9000", "https://s3.eu-central-1.amazonaws.com", "HTTP://minio:9000/",
        "http://127.0.0.1:9000"})
    void shouldReadUrisWithAllowedScheme(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.optional(URI_SETTING)).contains(URI.create(raw));
        assertThat(reader.isValid()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ftp://localhost", "localhost:9000", "/relative/path", "http:///no-host", "http://bad host",
        "http://under_score:9000"})
    void shouldReportUrisWithOtherSchemesOrWithoutHost(String raw) {
        ConfigReader reader = reader(raw);

        assertThat(reader.optional(URI_SETTING)).isEmpty();
        assertThat(problems(reader)).containsExactly(invalidValue(raw, "an absolute URI with scheme http or https"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"fast, FAST", "SAFE, SAFE", "Fast, FAST"})
    void shouldReadEnumsByExternalNameIgnoringCase(String raw, Mode expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(mode())).isEqualTo(expected);
        assertThat(reader.isValid()).isTrue();
    }

    @Test
    void shouldReportUnknownEnumValueListingTheChoices() {
        ConfigReader reader = reader("slow");

        assertThat(reader.get(mode())).isEqualTo(Mode.SAFE);
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "1500ms  | a whole number of seconds",
        "8d      | a duration from 1s to 7d"})
    void shouldReportDurationsThatAreNotWholeSecondsOrAboveTheMaximum(String raw, String expected) {
        ConfigReader reader = reader(raw);

        assertThat(reader.get(SECONDS)).isEqualTo(Duration.ofHours(1));
        assertThat(problems(reader)).containsExactly(invalidValue(raw, expected));
    }

    @Test
    void shouldKeepTheEdgeSpacesOfSecrets() {
        assertThat(reader(" p w ").optional(SECRET).map(Secret::reveal)).contains(" p w ");
    }

    @Test
    void shouldNameWhereTheBadValueCameFrom() {
        Setting<Long> a = Setting.define("LAMBDA_A", SettingType.longInteger(0, 1), Service.BATCH).defaultValue(0L).doc("a");
        Setting<Long> b = Setting.define("LAMBDA_B", SettingType.longInteger(0, 1), Service.BATCH).defaultValue(0L).doc("b");
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of("LAMBDA_A", "x", "LAMBDA_B", "0")),
                SettingOverrides.none().with(b, 5L, "option --b"));

        reader.get(a);
        reader.get(b);

        assertThat(problems(reader)).containsExactly(
                "Invalid value x for LAMBDA_A (from given): expected an integer from 0 to 1",
                "Invalid value 5 for LAMBDA_B (from option --b): expected an integer from 0 to 1");
    }

    @Test
    void shouldLetATypedOverrideWinOverEverySource() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of(KEY, "2")),
                SettingOverrides.none().with(INT, 9, "option --int").with(TEXT, null, "option --text"));

        assertThat(reader.get(INT)).isEqualTo(9);
        assertThat(reader.get(TEXT)).isEqualTo("2");
        assertThat(reader.isGiven(INT)).isTrue();
        assertThat(reader.isValid()).isTrue();
    }

    @Test
    void shouldRefuseToReadAnOptionalSettingAsIfItHadADefault() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of()));

        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> reader.get(OPTIONAL_TEXT))
                .withMessageContaining("LAMBDA_TEST has no default");
    }

    @Test
    void shouldReportEveryProblemInOneException() {
        ConfigReader reader = new ConfigReader(ConfigSource.of(Map.of(
                "LAMBDA_COUNT", "many",
                "LAMBDA_FLAG", "perhaps",
                "LAMBDA_WAIT", "forever")));

        reader.get(Setting.define("LAMBDA_NAME", SettingType.string(), Service.BATCH).required("a name").doc("name"));
        reader.get(Setting.define("LAMBDA_COUNT", SettingType.longInteger(1, 100), Service.BATCH).defaultValue(1L).doc("count"));
        reader.get(Setting.define("LAMBDA_FLAG", SettingType.bool(), Service.BATCH).defaultValue(false).doc("flag"));
        reader.get(Setting.define("LAMBDA_WAIT", SettingType.duration(Duration.ZERO), Service.BATCH)
                .defaultValue(Duration.ofSeconds(1)).doc("wait"));

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
        reader.get(LONG);

        assertThatNoException().isThrownBy(reader::validate);
    }

    private static Setting<Mode> mode() {
        return define(SettingType.enumeration(Mode.class, Mode::externalName)).defaultValue(Mode.SAFE).doc("a mode");
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
