package io.lambdaarch.speed.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.lambdaarch.common.config.ConfigReader;
import io.lambdaarch.common.config.ConfigSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The setting ./lambda reads, and the launcher and the POMs agreeing with it (the script cannot call this enum). */
class SparkLineTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void shouldDefaultToSpark4AndAcceptBothLines() {
        assertThat(new ConfigReader(ConfigSource.of(Map.of())).get(SparkLine.SETTING)).isEqualTo(SparkLine.SPARK_4);
        assertThat(new ConfigReader(ConfigSource.of(Map.of(SparkLine.SETTING.name(), "3.5"))).get(SparkLine.SETTING))
                .isEqualTo(SparkLine.SPARK_3_5);
    }

    @ParameterizedTest
    @EnumSource(SparkLine.class)
    void launcherAndBuildShouldAgreeWithTheLine(SparkLine line) throws IOException {
        String launcher = Files.readString(ROOT.resolve("lambda"));
        String pom = Files.readString(ROOT.resolve(line.module()).resolve("pom.xml"));

        assertThat(launcher).contains("    " + line.externalName() + ") echo " + line.module() + " ;;");
        assertThat(pom).containsAnyOf("<speed.jar.name>" + line.jarName() + "</speed.jar.name>",
                "<artifactId>" + line.jarName() + "</artifactId>");
        if (!line.module().equals(line.jarName())) {
            assertThat(launcher).contains(line.module() + "/target/" + line.jarName() + ".jar");
        }
    }
}
