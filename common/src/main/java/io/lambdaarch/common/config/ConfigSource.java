package io.lambdaarch.common.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Where settings come from, in order of precedence: the process environment, then an optional properties file
 * ({@code LAMBDA_CONFIG_FILE}), then the {@code .lambda/stack.env} file the local stack writes
 * ({@code LAMBDA_STACK_ENV} overrides its path). Every service resolves its settings through one instance.
 * Keys of the config file must be setting names; stack.env may hold other variables (for psql), which are skipped.
 */
public final class ConfigSource {
    /** Names the optional properties file; read from the environment only. */
    public static final Setting<Path> CONFIG_FILE = Setting.defineForAll("LAMBDA_CONFIG_FILE", SettingType.path())
            .doc("properties file with any of these keys (environment variables win over it)");
    /** Overrides the path of the local stack's connection file; read from the environment only. */
    public static final Setting<Path> STACK_ENV = Setting.defineForAll("LAMBDA_STACK_ENV", SettingType.path())
            .defaultValue(Path.of(".lambda", "stack.env"))
            .doc("the settings file `./lambda stack` writes, read after the environment and `LAMBDA_CONFIG_FILE`");
    /** Where {@code ./lambda stack} writes its connection settings, relative to the working directory. */
    public static final Path DEFAULT_STACK_ENV = STACK_ENV.defaultValue().orElseThrow();

    private static final Pattern KNOWN_KEY = Pattern.compile("(LAMBDA|AWS)_[A-Z0-9_]+");

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private ConfigSource(Map<String, String> values, Map<String, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /** Settings of this process: its environment, plus the files the environment points at. */
    public static ConfigSource fromEnvironment() {
        return load(System.getenv());
    }

    /** Settings from {@code environment}, plus the properties file and stack.env it points at (or the defaults). */
    public static ConfigSource load(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        Map<String, String> values = new HashMap<>();
        Map<String, String> origins = new HashMap<>();

        Path stackEnv = Optional.ofNullable(environment.get(STACK_ENV.name())).map(Path::of).orElse(DEFAULT_STACK_ENV);
        readKeyValueFile(stackEnv, environment.containsKey(STACK_ENV.name()), false, values, origins);

        String configFile = environment.get(CONFIG_FILE.name());
        if (configFile != null && !configFile.isBlank()) {
            readKeyValueFile(Path.of(configFile), true, true, values, origins);
        }

        environment.forEach((key, value) -> {
            // A variable exported empty (FOO= in a compose file) means "not set", not "override the file with nothing".
            if (value == null || value.isBlank()) {
                return;
            }
            values.put(key, value);
            origins.put(key, "environment");
        });
        return new ConfigSource(values, origins);
    }

    /** Settings from a plain map, with nothing read from files; for tests and for embedding. */
    public static ConfigSource of(Map<String, String> values) {
        Map<String, String> origins = new HashMap<>();
        values.keySet().forEach(key -> origins.put(key, "given"));
        return new ConfigSource(values, origins);
    }

    /** A copy whose {@code overrides} win over everything here, e.g. values given as command-line options. */
    public ConfigSource withOverrides(Map<String, String> overrides, String origin) {
        Map<String, String> merged = new HashMap<>(values);
        Map<String, String> mergedOrigins = new HashMap<>(origins);
        overrides.forEach((key, value) -> {
            if (value != null) {
                merged.put(key, value);
                mergedOrigins.put(key, origin);
            }
        });
        return new ConfigSource(merged, mergedOrigins);
    }

    /** The raw value of {@code key}; blank values count as absent. */
    public Optional<String> get(String key) {
        String value = values.get(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** The value of {@code key} exactly as given, untrimmed (for secrets, whose edge spaces may matter). */
    public Optional<String> getRaw(String key) {
        String value = values.get(key);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** Where the value of {@code key} came from, for error messages. */
    public String origin(String key) {
        return origins.getOrDefault(key, "default");
    }

    // stack.env also carries PGHOST and friends for psql, so only a user's config file is strict about its keys.
    private static void readKeyValueFile(
            Path file, boolean mustExist, boolean strictKeys, Map<String, String> values, Map<String, String> origins) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            if (mustExist) {
                throw new ConfigException("Cannot read config file " + file + ": it does not exist");
            }
            return;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read config file " + file + ": " + e.getMessage());
        }
        List<String> unknown = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            if (!KNOWN_KEY.matcher(key).matches()) {
                unknown.add(key);
                continue;
            }
            values.put(key, properties.getProperty(key));
            origins.put(key, file.toString());
        }
        if (strictKeys && !unknown.isEmpty()) {
            throw new ConfigException("Config file " + file + " has keys that are not settings: " + unknown
                    + " (every key is an environment variable name starting with LAMBDA_ or AWS_)");
        }
    }
}
