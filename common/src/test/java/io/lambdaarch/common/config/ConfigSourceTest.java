package io.lambdaarch.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSourceTest {
    @TempDir
    Path directory;

    private Path stackEnv;
    private Path configFile;

    @BeforeEach
    void writeFiles() throws IOException {
        stackEnv = write("stack.env",
                "LAMBDA_ONLY_STACK=stack",
                "LAMBDA_FILE_AND_STACK=stack",
                "LAMBDA_EVERYWHERE=stack");
        configFile = write("lambda.properties",
                "# comments and blank lines are fine",
                "",
                "LAMBDA_FILE_AND_STACK=file",
                "LAMBDA_EVERYWHERE=file",
                "AWS_REGION=eu-central-1");
    }

    @Test
    void shouldPreferEnvironmentOverConfigFileOverStackEnv() {
        ConfigSource source = ConfigSource.load(Map.of(
                ConfigSource.STACK_ENV.name(), stackEnv.toString(),
                ConfigSource.CONFIG_FILE.name(), configFile.toString(),
                "LAMBDA_EVERYWHERE", "environment"));

        assertThat(source.get("LAMBDA_ONLY_STACK")).contains("stack");
        assertThat(source.get("LAMBDA_FILE_AND_STACK")).contains("file");
        assertThat(source.get("LAMBDA_EVERYWHERE")).contains("environment");
        assertThat(source.get("AWS_REGION")).contains("eu-central-1");
        assertThat(source.origin("LAMBDA_ONLY_STACK")).isEqualTo(stackEnv.toString());
        assertThat(source.origin("LAMBDA_FILE_AND_STACK")).isEqualTo(configFile.toString());
        assertThat(source.origin("LAMBDA_EVERYWHERE")).isEqualTo("environment");
        assertThat(source.origin("LAMBDA_NOWHERE")).isEqualTo("default");
    }

    @Test
    void shouldReadStackEnvWithoutConfigFile() {
        ConfigSource source = ConfigSource.load(Map.of(ConfigSource.STACK_ENV.name(), stackEnv.toString()));

        assertThat(source.get("LAMBDA_EVERYWHERE")).contains("stack");
        assertThat(source.get("AWS_REGION")).isEmpty();
    }

    @Test
    void shouldIgnoreBlankConfigFileVariable() {
        ConfigSource source = ConfigSource.load(Map.of(
                ConfigSource.STACK_ENV.name(), stackEnv.toString(),
                ConfigSource.CONFIG_FILE.name(), "  "));

        assertThat(source.get("LAMBDA_EVERYWHERE")).contains("stack");
    }

    @Test
    void shouldRejectUnknownKeysInConfigFile() throws IOException {
        Path file = write("typo.properties", "LAMBDA_KAFKA_TOPIC=tweets", "lambda.kafka.topic=tweets", "KAFKA_TOPIC=x");

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> loadWithConfigFile(file))
                .withMessageStartingWith("Config file " + file + " has keys that are not settings: [")
                .withMessageContaining("lambda.kafka.topic")
                .withMessageContaining("KAFKA_TOPIC")
                .withMessageNotContaining("LAMBDA_KAFKA_TOPIC")
                .withMessageEndingWith("(every key is an environment variable name starting with LAMBDA_ or AWS_)");
    }

    @Test
    void shouldSkipVariablesInStackEnvThatAreNotSettings() throws IOException {
        Path file = write("psql-stack.env", "PGHOST=localhost", "PGPORT=15432", "LAMBDA_KAFKA_BOOTSTRAP=localhost:19092");

        ConfigSource source = ConfigSource.load(Map.of(ConfigSource.STACK_ENV.name(), file.toString()));

        assertThat(source.get("LAMBDA_KAFKA_BOOTSTRAP")).contains("localhost:19092");
        assertThat(source.get("PGHOST")).isEmpty();
        assertThat(source.origin("PGHOST")).isEqualTo("default");
    }

    @Test
    void shouldRejectMissingConfigFile() {
        Path missing = directory.resolve("missing.properties");

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> loadWithConfigFile(missing))
                .withMessage("Cannot read config file " + missing + ": it does not exist");
    }

    @Test
    void shouldRejectMissingStackEnvNamedExplicitly() {
        Path missing = directory.resolve("missing.env");

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigSource.load(Map.of(ConfigSource.STACK_ENV.name(), missing.toString())))
                .withMessage("Cannot read config file " + missing + ": it does not exist");
    }

    @Test
    void shouldAcceptMissingDefaultStackEnv() {
        assumeThat(ConfigSource.DEFAULT_STACK_ENV).as("a stack.env in the working directory").doesNotExist();

        ConfigSource source = ConfigSource.load(Map.of("LAMBDA_KAFKA_TOPIC", "tweets"));

        assertThat(source.get("LAMBDA_KAFKA_TOPIC")).contains("tweets");
    }

    @Test
    void shouldRejectUnreadableConfigFile() throws IOException {
        Path file = write("broken.properties", "LAMBDA_X=\\u00zz");

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> loadWithConfigFile(file))
                .withMessageStartingWith("Cannot read config file " + file + ": ");
    }

    @Test
    void shouldReadFilesAsUtf8() throws IOException {
        Path file = write("utf8.properties", "LAMBDA_S3_BUCKET=m\u00fcnchen-\u6771\u4eac");

        ConfigSource source = loadWithConfigFile(file);

        assertThat(source.get("LAMBDA_S3_BUCKET")).contains("m\u00fcnchen-\u6771\u4eac");
    }

    @Test
    void shouldTrimValuesAndTreatBlankAsAbsent() {
        ConfigSource source = ConfigSource.of(Map.of("LAMBDA_A", "  a  ", "LAMBDA_B", " \t "));

        assertThat(source.get("LAMBDA_A")).contains("a");
        assertThat(source.get("LAMBDA_B")).isEmpty();
        assertThat(source.get("LAMBDA_C")).isEmpty();
        assertThat(source.origin("LAMBDA_A")).isEqualTo("given");
    }

    @Test
    void shouldLetOverridesWinAndSkipNullOverrides() {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("LAMBDA_A", "option");
        overrides.put("LAMBDA_B", null);

        ConfigSource source = ConfigSource.of(Map.of("LAMBDA_A", "given", "LAMBDA_B", "given"))
                .withOverrides(overrides, "command line");

        assertThat(source.get("LAMBDA_A")).contains("option");
        assertThat(source.origin("LAMBDA_A")).isEqualTo("command line");
        assertThat(source.get("LAMBDA_B")).contains("given");
        assertThat(source.origin("LAMBDA_B")).isEqualTo("given");
    }

    /** Loads the settings of an environment that names stack.env and {@code file} and sets nothing else. */
    private ConfigSource loadWithConfigFile(Path file) {
        return ConfigSource.load(Map.of(
                ConfigSource.STACK_ENV.name(), stackEnv.toString(),
                ConfigSource.CONFIG_FILE.name(), file.toString()));
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(directory.resolve(name), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
}
