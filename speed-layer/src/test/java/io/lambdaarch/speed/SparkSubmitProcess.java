package io.lambdaarch.speed;

import static java.util.Objects.requireNonNull;

import io.lambdaarch.speed.cli.SpeedLayerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built speed-layer jar launched the way {@code ./lambda speed} launches it: a child {@code java -cp <Spark's
 * classpath> org.apache.spark.deploy.SparkSubmit ... speed-layer-spark-4.x_2.13.jar}, with no Spark distribution. Output goes to
 * files in the work directory, which a failed assertion prints.
 */
final class SparkSubmitProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private SparkSubmitProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts the job in {@code workDir} with exactly {@code settings} as its LAMBDA_* environment. */
    static SparkSubmitProcess start(Path workDir, String name, Map<String, String> settings, String... jobArgs) {
        requireNonNull(settings, "settings is null");
        Path jar = Path.of(requiredProperty("speed.jar"));
        Path classpathFile = Path.of(requiredProperty("spark.classpath.file"));
        Path logConfig = Path.of(requiredProperty("speed.log4j2"));
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g",
                    "-Dlog4j2.configurationFile=" + logConfig,
                    "-cp", Files.readString(classpathFile, StandardCharsets.UTF_8).strip(),
                    "org.apache.spark.deploy.SparkSubmit",
                    "--master", "local[2]",
                    "--conf", "spark.ui.enabled=false",
                    "--conf", "spark.sql.shuffle.partitions=1",
                    "--class", SpeedLayerCommand.class.getName(),
                    jar.toString()));
            command.addAll(List.of(jobArgs));
            Path stdout = workDir.resolve(name + ".out");
            Path stderr = workDir.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            // Only the given settings: nothing from the developer's shell or a stack.env may leak in.
            builder.environment().keySet().removeIf(key -> key.startsWith("LAMBDA_") || key.startsWith("AWS_"));
            builder.environment().putAll(settings);
            return new SparkSubmitProcess(builder.start(), stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the process to exit and returns its exit code; fails if it takes longer than {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("The speed job did not finish within " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, the harshest way a driver can die. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String stdout() {
        return read(stdout);
    }

    /** Both streams, for failure messages. */
    String output() {
        return "--- stdout ---\n" + read(stdout) + "\n--- stderr ---\n" + read(stderr);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("System property " + name + " is not set: run this test through Maven (failsafe)");
        }
        return value;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
