package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads a settings record from given values the way services do: read every setting, then validate once. */
final class Settings {
    private Settings() {
    }

    static <T> T read(Map<String, String> values, Function<ConfigReader, T> settings) {
        ConfigReader reader = new ConfigReader(ConfigSource.of(values));
        T result = settings.apply(reader);
        reader.validate();
        return result;
    }

    /** The problems that reading {@code values} reports, all in one {@link ConfigException}. */
    static List<String> problems(Map<String, String> values, Function<ConfigReader, ?> settings) {
        return assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> read(values, settings))
                .actual()
                .problems();
    }
}
