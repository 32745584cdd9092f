package io.lambdaarch.demo.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Facts the deployment files must agree with, read from the build itself (the POMs). */
final class DeploymentFiles {
    /** The speed job's entry point as its issue names it; the speed layer's POM says so too once it is merged. */
    static final String SPEED_MAIN_CLASS = "io.lambdaarch.speed.cli.SpeedLayerCommand";

    private DeploymentFiles() {
    }

    /** A property of the parent POM, e.g. {@code spark.version}. */
    static String parentProperty(String name) throws IOException {
        return property(DockerComposeFileTest.ROOT.resolve("pom.xml"), name)
                .orElseThrow(() -> new AssertionError("pom.xml has no property " + name));
    }

    /** The reactor's modules. */
    static List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher matcher = Pattern.compile("<module>([^<]+)</module>")
                .matcher(Files.readString(DockerComposeFileTest.ROOT.resolve("pom.xml")));
        while (matcher.find()) {
            modules.add(matcher.group(1));
        }
        return modules;
    }

    /** The module's {@code main.class}, the Main-Class of the runnable jar the shade plugin writes. */
    static Optional<String> mainClass(String module) throws IOException {
        return property(DockerComposeFileTest.ROOT.resolve(module).resolve("pom.xml"), "main.class");
    }

    /**
     * The name (without {@code .jar}) of the runnable jar the module builds: the module's name, or for the speed job
     * the name of its Spark line ({@code speed.jar.name}, e.g. {@code speed-layer-spark-4.x_2.13}).
     */
    static String jarName(String module) throws IOException {
        return property(DockerComposeFileTest.ROOT.resolve(module).resolve("pom.xml"), "speed.jar.name").orElse(module);
    }

    /** True when the module's POM builds {@code target/<module>.jar} (the parent's shade execution, bound here). */
    static boolean buildsRunnableJar(String module) throws IOException {
        return Files.readString(DockerComposeFileTest.ROOT.resolve(module).resolve("pom.xml"))
                .contains("<artifactId>maven-shade-plugin</artifactId>");
    }

    static String speedMainClass() throws IOException {
        return mainClass("speed-layer").orElse(SPEED_MAIN_CLASS);
    }

    private static Optional<String> property(Path pom, String name) throws IOException {
        Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
                .matcher(Files.readString(pom));
        return matcher.find() ? Optional.of(matcher.group(1).strip()) : Optional.empty();
    }
}
