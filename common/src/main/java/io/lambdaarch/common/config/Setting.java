package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one declaration of a setting (as Kafka's {@code ConfigDef.ConfigKey} or Debezium's {@code Field}): its
 * variable name, type and range, default, one-line doc, whether it is required and which services read it.
 * {@link ConfigReader} reads values through it, command-line options override it with typed values
 * ({@link SettingOverrides}), and the README's settings table is rendered from it ({@link SettingsTable}).
 * {@link #toString()} is the name, so a setting reads naturally inside a message.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {
    private final String name;
    private final SettingType<T> type;
    private final T defaultValue;
    private final String defaultText;
    private final String missingHint;
    private final String doc;
    private final Set<Service> services;

    private Setting(Builder<T> builder) {
        this.name = requireNonNull(builder.name, "name is null");
        this.type = requireNonNull(builder.type, "type is null");
        this.defaultValue = builder.defaultValue;
        this.defaultText = builder.defaultText;
        this.missingHint = builder.missingHint;
        this.doc = requireNonNull(builder.doc, "doc is null");
        this.services = Set.copyOf(builder.services);
        if (!name.matches("(LAMBDA|AWS)_[A-Z0-9_]+")) {
            throw new IllegalArgumentException("Setting names are LAMBDA_* or AWS_* variables: " + name);
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException(name + " applies to no service");
        }
        if (defaultValue != null && missingHint != null) {
            throw new IllegalArgumentException(name + " cannot be both required and have a default");
        }
        if (defaultValue != null) {
            type.check(defaultValue).ifPresent(expected -> {
                throw new IllegalArgumentException("Default " + type.format(defaultValue) + " of " + name + " is not " + expected);
            });
        }
    }

    /** Starts the declaration of setting {@code name} of {@code type}, read by {@code service} and {@code more}. */
    public static <T> Builder<T> define(String name, SettingType<T> type, Service service, Service... more) {
        return new Builder<>(name, type, EnumSet.of(service, more));
    }

    /** Starts the declaration of a setting that every service reads. */
    public static <T> Builder<T> defineForAll(String name, SettingType<T> type) {
        return new Builder<>(name, type, EnumSet.allOf(Service.class));
    }

    /** The environment variable (and properties-file key). */
    public String name() {
        return name;
    }

    public SettingType<T> type() {
        return type;
    }

    /** The value used when the setting is not given; empty when it has none (required, optional or computed). */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** True when a missing value is a problem. */
    public boolean required() {
        return missingHint != null;
    }

    /** What "Missing NAME: expected ..." says for a required setting. */
    public String missingHint() {
        return missingHint == null ? type.accepts() : missingHint;
    }

    /** The default as the README shows it: the formatted value, a description of a computed default, or (required). */
    public String defaultDescription() {
        if (defaultText != null) {
            return defaultText;
        } else if (defaultValue != null) {
            return "`" + type.format(defaultValue) + "`";
        } else if (required()) {
            return "(required)";
        }
        return "";
    }

    /** One line: what the setting does. */
    public String doc() {
        return doc;
    }

    public Set<Service> services() {
        return services;
    }

    /**
     * Throws {@link IllegalArgumentException} if {@code value} is outside the declared range; for the compact
     * constructors of config records, which must not hold a value the reader would have rejected.
     */
    public T requireValid(T value) {
        requireNonNull(value, () -> name + " is null");
        type.check(value).ifPresent(expected -> {
            throw new IllegalArgumentException("Invalid value " + type.format(value) + " for " + name + ": expected " + expected);
        });
        return value;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * The settings declared as {@code public static final Setting} fields of {@code holders}, in the order of the
     * holders and, within one, sorted by name; for the README table and the meta-tests.
     */
    public static List<Setting<?>> declaredIn(Class<?>... holders) {
        List<Setting<?>> settings = new ArrayList<>();
        for (Class<?> holder : holders) {
            List<Setting<?>> own = new ArrayList<>();
            for (Field field : holder.getFields()) {
                int modifiers = field.getModifiers();
                if (field.getDeclaringClass() == holder && Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
                        && field.getType() == Setting.class) {
                    try {
                        own.add((Setting<?>) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("Cannot read " + holder.getName() + "." + field.getName(), e);
                    }
                }
            }
            own.sort((a, b) -> a.name().compareTo(b.name()));
            settings.addAll(own);
        }
        return List.copyOf(settings);
    }

    /** Builds a {@link Setting}; {@link #doc(String)} ends the declaration. */
    public static final class Builder<T> {
        private final String name;
        private final SettingType<T> type;
        private final Set<Service> services;
        private T defaultValue;
        private String defaultText;
        private String missingHint;
        private String doc;

        private Builder(String name, SettingType<T> type, Set<Service> services) {
            this.name = name;
            this.type = type;
            this.services = services;
        }

        /** The value used when the setting is not given. */
        public Builder<T> defaultValue(T value) {
            this.defaultValue = requireNonNull(value, "value is null");
            return this;
        }

        /** How the README describes a default computed at start-up (from another setting, the system), in Markdown. */
        public Builder<T> defaultDescribedAs(String text) {
            this.defaultText = requireNonNull(text, "text is null");
            return this;
        }

        /** Marks the setting required; {@code hint} completes "Missing NAME: expected ...". */
        public Builder<T> required(String hint) {
            this.missingHint = requireNonNull(hint, "hint is null");
            return this;
        }

        /** The one-line doc (Markdown) that ends the declaration. */
        public Setting<T> doc(String text) {
            this.doc = requireNonNull(text, "text is null");
            return new Setting<>(this);
        }
    }
}
