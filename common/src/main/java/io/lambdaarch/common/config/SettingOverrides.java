package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Typed values that win over every source of settings, such as command-line options: {@code --port 9090} overrides
 * {@code LAMBDA_SERVING_PORT} as the integer 9090, checked against the same declaration, with no round trip through
 * text. Immutable.
 */
public final class SettingOverrides {
    private static final SettingOverrides NONE = new SettingOverrides(Map.of());

    private final Map<Setting<?>, Value<?>> values;

    private SettingOverrides(Map<Setting<?>, Value<?>> values) {
        this.values = Map.copyOf(values);
    }

    /** No overrides. */
    public static SettingOverrides none() {
        return NONE;
    }

    /** A copy in which {@code value} overrides {@code setting}; a null value (an option left out) changes nothing. */
    public <T> SettingOverrides with(Setting<T> setting, T value, String origin) {
        requireNonNull(setting, "setting is null");
        requireNonNull(origin, "origin is null");
        if (value == null) {
            return this;
        }
        Map<Setting<?>, Value<?>> copy = new HashMap<>(values);
        copy.put(setting, new Value<>(value, origin));
        return new SettingOverrides(copy);
    }

    /** The overriding value of {@code setting}, if any. */
    @SuppressWarnings("unchecked") // with() only pairs a Setting<T> with a Value<T>
    <T> Optional<Value<T>> get(Setting<T> setting) {
        return Optional.ofNullable((Value<T>) values.get(setting));
    }

    /** An overriding value and where it came from, e.g. {@code option --port}. */
    record Value<T>(T value, String origin) {
    }
}
