package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@link Setting}s from a {@link ConfigSource}, with {@link SettingOverrides} (command-line options) winning,
 * collecting every problem instead of stopping at the first. A missing or rejected value reads as the setting's
 * default (or its type's placeholder), so a settings record can still be built; call {@link #validate()} before
 * using it. Messages follow the form {@code Invalid value V for NAME (from ORIGIN): expected ...}.
 */
public final class ConfigReader {
    private final ConfigSource source;
    private final SettingOverrides overrides;
    private final List<String> problems = new ArrayList<>();

    public ConfigReader(ConfigSource source) {
        this(source, SettingOverrides.none());
    }

    public ConfigReader(ConfigSource source, SettingOverrides overrides) {
        this.source = requireNonNull(source, "source is null");
        this.overrides = requireNonNull(overrides, "overrides is null");
    }

    public ConfigSource source() {
        return source;
    }

    /**
     * The value of a setting that has a default or is required: the given value, else the default; a missing
     * required setting is a problem.
     */
    public <T> T get(Setting<T> setting) {
        Optional<T> value = optional(setting);
        if (value.isPresent()) {
            return value.get();
        }
        if (setting.defaultValue().isPresent()) {
            return setting.defaultValue().get();
        }
        if (!setting.required()) {
            throw new IllegalArgumentException(setting + " has no default: read it with optional()");
        }
        if (!isGiven(setting)) {
            problems.add("Missing " + setting + ": expected " + setting.missingHint());
        }
        return setting.type().placeholder();
    }

    /**
     * The given value of a setting, if any and acceptable; empty when it is not given (whatever its default) or
     * rejected (a problem is then recorded).
     */
    public <T> Optional<T> optional(Setting<T> setting) {
        Optional<SettingOverrides.Value<T>> override = overrides.get(setting);
        if (override.isPresent()) {
            T value = override.get().value();
            Optional<String> rejected = setting.type().check(value);
            if (rejected.isPresent()) {
                problems.add(message(setting, setting.type().format(value), override.get().origin(), rejected.get()));
                return Optional.empty();
            }
            return Optional.of(value);
        }
        Optional<String> raw = raw(setting);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            T value = setting.type().parse(raw.get());
            Optional<String> rejected = setting.type().check(value);
            if (rejected.isPresent()) {
                invalid(setting, raw.get(), rejected.get());
                return Optional.empty();
            }
            return Optional.of(value);
        } catch (IllegalArgumentException e) {
            invalid(setting, raw.get(), e.getMessage());
            return Optional.empty();
        }
    }

    /** True if the setting was given (by an override or a source), acceptable or not. */
    public boolean isGiven(Setting<?> setting) {
        return overrides.get(setting).isPresent() || raw(setting).isPresent();
    }

    /** Records a rule that involves more than one setting; the message must name each of them. */
    public void check(boolean condition, String message) {
        if (!condition) {
            problems.add(message);
        }
    }

    /** Records a problem with one setting's value that its type cannot see (a file's content, another setting's value). */
    public void invalid(Setting<?> setting, String value, String expected) {
        problems.add(message(setting, value, origin(setting), expected));
    }

    /** Throws {@link ConfigException} listing every problem found so far, if any. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** How many problems were found so far; lets a caller skip a cross-field check when a field was already rejected. */
    public int problemCount() {
        return problems.size();
    }

    /** True if no problem was found so far. */
    public boolean isValid() {
        return problems.isEmpty();
    }

    private Optional<String> raw(Setting<?> setting) {
        return setting.type().keepsWhitespace() ? source.getRaw(setting.name()) : source.get(setting.name());
    }

    private String origin(Setting<?> setting) {
        return overrides.get(setting).map(SettingOverrides.Value::origin).orElseGet(() -> source.origin(setting.name()));
    }

    private static String message(Setting<?> setting, String value, String origin, String expected) {
        return "Invalid value " + value + " for " + setting + " (from " + origin + "): expected " + expected;
    }
}
