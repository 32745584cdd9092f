package io.lambdaarch.demo.deploy;

import static io.lambdaarch.demo.deploy.DockerComposeFileTest.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lambdaarch.demo.deploy.Dockerfile.Copy;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's Dockerfile copies the runnable jar its module's build writes (and only files that exist), runs as a
 * non-root user on a Java 17 runtime, and starts the module's main class; the build context lets the jar through.
 */
class DockerfilesTest {
    private static final Pattern JAR = Pattern.compile("([a-z-]+)/target/([a-z0-9._-]+)\\.jar");
    /** Where each image starts its service from: the script or the java -jar command that names the copied jar. */
    private static final Map<String, String> LAUNCHERS = Map.of(
            "ingestion", "ENTRYPOINT",
            "serving-layer", "ENTRYPOINT",
            "batch-layer", "docker/batch-layer/batch-run.sh",
            "speed-layer", "docker/speed-layer/submit.sh");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ingestion", "batch-layer", "serving-layer", "speed-layer"})
    void shouldCopyTheJarTheModuleBuilds(String module) throws IOException {
        assumeTrue(Files.isDirectory(ROOT.resolve(module).resolve("src/main/java")), module + " has no code in this build yet");
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker").resolve(module).resolve("Dockerfile"));
        List<String> ignore = Files.readAllLines(ROOT.resolve(".dockerignore"));

        String jarDestination = null;
        for (Copy copy : dockerfile.contextCopies()) {
            for (String source : copy.sources()) {
                Matcher jar = JAR.matcher(source);
                if (jar.matches()) {
                    assertThat(jar.group(1)).as(source).isEqualTo(module);
                    assertThat(jar.group(2)).as(source).isEqualTo(DeploymentFiles.jarName(module));
                    assertThat(DeploymentFiles.modules()).as("reactor modules").contains(module);
                    assertThat(DeploymentFiles.buildsRunnableJar(module)).as(module + " builds " + source).isTrue();
                    assertThat(ignore).as(".dockerignore lets " + source + " into the build context").contains("!" + source);
                    jarDestination = copy.destination();
                } else {
                    assertThat(ROOT.resolve(source)).as(source).exists();
                    assertThat(ignore).as(".dockerignore lets docker/ into the build context").contains("!docker/");
                }
            }
        }
        assertThat(jarDestination).as("copies " + module + "/target/" + DeploymentFiles.jarName(module) + ".jar").isNotNull();

        String launcher = LAUNCHERS.get(module);
        String startsWith = launcher.equals("ENTRYPOINT")
                ? String.join(" ", dockerfile.entrypoint())
                : Files.readString(ROOT.resolve(launcher));
        assertThat(startsWith).as(module + " starts the copied jar").contains(jarDestination);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ingestion", "batch-layer", "serving-layer"})
    void shouldRunAsANonRootUserOnAJava17Runtime(String module) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker").resolve(module).resolve("Dockerfile"));

        assertThat(dockerfile.finalBaseImage()).isEqualTo("eclipse-temurin:" + DeploymentFiles.parentProperty(
                "maven.compiler.release") + "-jre");
        assertThat(dockerfile.user()).isNotIn("root", "0");
        assertThat(dockerfile.entrypoint()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ingestion", "batch-layer", "serving-layer"})
    void jarMainClassShouldBeACommandWithAMainMethod(String module) throws Exception {
        String mainClass = DeploymentFiles.mainClass(module).orElseThrow();
        Method main = Class.forName(mainClass, false, getClass().getClassLoader()).getMethod("main", String[].class);

        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
    }

    @Test
    void speedImageShouldRunAsSparkAndSubmitTheSpeedJob() throws IOException {
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker/speed-layer/Dockerfile"));
        String submit = Files.readString(ROOT.resolve("docker/speed-layer/submit.sh"));

        assertThat(dockerfile.user()).isEqualTo("spark");
        assertThat(dockerfile.entrypoint()).containsExactly("/opt/lambda/submit.sh");
        assertThat(submit).contains("exec /opt/spark/bin/spark-submit", "--class " + DeploymentFiles.speedMainClass(),
                "/opt/lambda/speed-layer.jar \"$@\"");
        Path sources = ROOT.resolve("speed-layer/src/main/java");
        if (Files.isDirectory(sources)) {
            assertThat(sources.resolve(DeploymentFiles.speedMainClass().replace('.', '/') + ".java")).isRegularFile();
        }
    }
}
