package io.lambdaarch.speed.cluster;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One build of the speed job as the reactor produced it: the jar named for its Spark line and the Spark classpath its
 * module wrote (the jars a distribution of that Spark version holds, minus what the speed jar carries).
 *
 * @param line the Spark line, as LAMBDA_SPEED_SPARK_LINE names it
 * @param scalaBinaryVersion what Spark's launcher needs to find a distribution's jars
 */
record SparkBuild(String line, String scalaBinaryVersion, Path jar, List<Path> sparkClasspath) {
    SparkBuild {
        requireNonNull(line, "line is null");
        requireNonNull(scalaBinaryVersion, "scalaBinaryVersion is null");
        requireNonNull(jar, "jar is null");
        sparkClasspath = List.copyOf(sparkClasspath);
    }

    static SparkBuild spark4() {
        return read("4", "2.13", "spark4");
    }

    static SparkBuild spark35() {
        return read("3.5", "2.12", "spark35");
    }

    String classpath() {
        return String.join(java.io.File.pathSeparator, sparkClasspath.stream().map(Path::toString).toList());
    }

    private static SparkBuild read(String line, String scala, String prefix) {
        Path jar = Path.of(property(prefix + ".jar"));
        Path classpathFile = Path.of(property(prefix + ".classpath.file"));
        if (!Files.isRegularFile(jar) || !Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException(jar + " or " + classpathFile + " is missing: package the speed modules first");
        }
        try {
            List<Path> classpath = Arrays.stream(Files.readString(classpathFile, StandardCharsets.UTF_8).strip()
                    .split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
            return new SparkBuild(line, scala, jar, classpath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run this test through Maven (failsafe)");
        }
        return value;
    }
}
